package dev.latchkey.bench.jmh;

import dev.latchkey.core.Latchkey;
import dev.latchkey.core.challenge.Proof;
import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.challenge.RequestOutcome;
import dev.latchkey.core.challenge.RequesterContext;
import dev.latchkey.core.challenge.SignInRequest;
import dev.latchkey.core.config.LatchkeyConfig;
import dev.latchkey.core.config.Rate;
import dev.latchkey.core.delivery.MessageSender;
import dev.latchkey.core.delivery.OutgoingMessage;
import dev.latchkey.core.delivery.SendResult;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.core.identity.EmailNormalizer;
import dev.latchkey.core.identity.IdentifierCheck;
import dev.latchkey.core.identity.IdentifierParser;
import dev.latchkey.core.secret.Code;
import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.secret.LinkToken;
import dev.latchkey.core.secret.SecretKeyRing;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The core's hot paths, measured alone: secret generation, HMAC (with and without rotation), normalisation, a round trip. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CoreBenchmarks {
    private static final String SECRET = "benchmark-secret-benchmark-secret-0123456789";
    private static final Pattern TOKEN = Pattern.compile("/([A-Za-z0-9_-]{43})");

    private final SecureRandom random = new SecureRandom();
    private final LatchkeyConfig.CodeSettings code = new LatchkeyConfig.CodeSettings(6, "0123456789");
    private final SecretKeyRing current = SecretKeyRing.of(SECRET, List.of());
    private final SecretKeyRing rotated = SecretKeyRing.of("rotated-secret-rotated-secret-0123456789",
            List.of(SECRET, "older-secret-older-secret-older-0123456789"));
    private final IdentifierParser parser = new IdentifierParser(EmailNormalizer.identity(),
            new LatchkeyConfig.SmsSettings(null, Set.of()));
    private final AtomicLong sequence = new AtomicLong();
    private final String[] lastToken = new String[1];
    private Digest stored;
    private Latchkey latchkey;

    @Setup
    public void setUp() {
        stored = current.digest("login", "request-id", "123456");
        LatchkeyConfig config = LatchkeyConfig.builder().secret(SECRET).resendDelay(java.time.Duration.ZERO)
                .requestsPerIdentifier(Rate.parse("1000000/1h")).requestsPerIp(Rate.parse("100000000/1h")).build();
        latchkey = Latchkey.builder(config).sender(new MessageSender() {
            @Override
            public Channel channel() {
                return Channel.EMAIL;
            }

            @Override
            public SendResult send(OutgoingMessage message) {
                Matcher token = TOKEN.matcher(message.text());
                token.find();
                lastToken[0] = token.group(1);
                return new SendResult.Sent();
            }
        }).build();
    }

    @Benchmark
    public String codeGeneration() {
        return Code.generate(random, code).reveal();
    }

    @Benchmark
    public String linkTokenGeneration() {
        return LinkToken.generate(random).reveal();
    }

    @Benchmark
    public Digest hmacCurrentKey() {
        return current.digest("login", "request-id", "123456");
    }

    @Benchmark
    public boolean hmacVerifyAfterRotationWithTwoPreviousKeys() {
        return rotated.verify(stored, "login", "request-id", "123456");
    }

    @Benchmark
    public IdentifierCheck emailNormalisation() {
        return parser.email("  Ada.Lovelace+News@Example.COM ");
    }

    @Benchmark
    public IdentifierCheck phoneNormalisation() {
        return parser.phone("+44 20 7946 0018");
    }

    /** Request, send (minting the secrets) and redeem by link, all in memory. */
    @Benchmark
    public RedemptionOutcome inMemoryRequestAndRedeem() {
        RequesterContext requester = new RequesterContext("203.0.113.7", "bench");
        RequestOutcome asked = latchkey.requestSignIn(SignInRequest.login(Channel.EMAIL,
                "user" + sequence.incrementAndGet() + "@example.com", requester));
        if (!(asked instanceof RequestOutcome.Accepted)) {
            throw new IllegalStateException("request refused: " + asked);
        }
        latchkey.deliveryWorker().drain();
        return latchkey.redeemLink(lastToken[0], Proof.from(requester));
    }
}
