package dev.latchkey.bench.jmh;

import dev.latchkey.core.challenge.AuthMethod;
import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.memory.InMemorySigningKeyStore;
import dev.latchkey.core.session.ApiSession;
import dev.latchkey.spring.api.AccessTokens;
import dev.latchkey.spring.api.SigningKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * One ES256 access token, as every API sign-in signs one: once the largest CPU cost of a sign-in, now signed by
 * BouncyCastle (see {@link AccessTokens}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TokenBenchmarks {
    private final Clock clock = Clock.systemUTC();
    private final AccessTokens tokens = new AccessTokens(
            new SigningKeys(new InMemorySigningKeyStore(), clock, Duration.ofDays(30), Duration.ofMinutes(15)),
            "https://id.example.com", Duration.ofMinutes(15), clock);
    private final User user = User.create(new UserId("bench-user"), new EmailAddress("ada@example.com"), clock.instant());
    private final ApiSession session = new ApiSession("bench-session", user.id(), AuthMethod.LINK, clock.instant(), null);

    @Benchmark
    public String accessTokenIssue() {
        return tokens.issue(user, session);
    }
}
