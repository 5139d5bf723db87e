package dev.latchkey.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.Latchkey;
import dev.latchkey.core.LatchkeyBuilder;
import dev.latchkey.core.audit.AuditEvent;
import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.challenge.Proof;
import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.challenge.RequestOutcome;
import dev.latchkey.core.challenge.RequesterContext;
import dev.latchkey.core.challenge.SignInRequest;
import dev.latchkey.core.config.LatchkeyConfig;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.memory.InMemoryApiSessionStore;
import dev.latchkey.core.memory.InMemoryChallengeStore;
import dev.latchkey.core.memory.InMemoryOutboxStore;
import dev.latchkey.core.memory.InMemoryThrottleStore;
import dev.latchkey.core.memory.InMemoryUserDirectory;
import dev.latchkey.core.spi.ApiSessionStore;
import dev.latchkey.core.spi.ChallengeStore;
import dev.latchkey.core.spi.OutboxStore;
import dev.latchkey.core.spi.SignInStore;
import dev.latchkey.core.spi.ThrottleStore;
import dev.latchkey.core.spi.Transactions;
import dev.latchkey.core.spi.UserDirectory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An engine on a moving clock with recording senders and an event log, over any stores: the
 * in-memory ones here, the JDBC ones in latchkey-jdbc's tests.
 */
public final class Harness {
    public static final String SECRET = "test-secret-test-secret-test-secret-0123456789";
    public static final RequesterContext REQUESTER = new RequesterContext("203.0.113.7",
            "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0");

    public final MutableClock clock = MutableClock.at("2030-01-01T09:00:00Z");
    public final RecordingSender mail = new RecordingSender(Channel.EMAIL);
    public final RecordingSender sms = new RecordingSender(Channel.SMS);
    public final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    public final Stores stores;
    public final LatchkeyConfig config;
    public final Latchkey latchkey;

    /** The stores one engine runs on; {@code signIns} null runs the hot path as calls on the others. */
    public record Stores(ChallengeStore challenges, UserDirectory users, OutboxStore outbox, ThrottleStore throttles,
                         Transactions transactions, ApiSessionStore apiSessions, @Nullable SignInStore signIns) {

        public Stores(ChallengeStore challenges, UserDirectory users, OutboxStore outbox, ThrottleStore throttles,
                      Transactions transactions) {
            this(challenges, users, outbox, throttles, transactions, new InMemoryApiSessionStore(), null);
        }

        public static Stores inMemory() {
            InMemoryOutboxStore outbox = new InMemoryOutboxStore();
            return new Stores(new InMemoryChallengeStore(outbox), new InMemoryUserDirectory(), outbox,
                    new InMemoryThrottleStore(), Transactions.none());
        }
    }

    public Harness(Stores stores, Consumer<LatchkeyConfig.Builder> settings, Consumer<LatchkeyBuilder> hooks) {
        this.stores = stores;
        LatchkeyConfig.Builder builder = LatchkeyConfig.builder().secret(SECRET);
        settings.accept(builder);
        this.config = builder.build();
        this.latchkey = engine(config, hooks);
    }

    public static Harness inMemory() {
        return new Harness(Stores.inMemory(), s -> { }, h -> { });
    }

    public static Harness inMemory(Consumer<LatchkeyConfig.Builder> settings) {
        return new Harness(Stores.inMemory(), settings, h -> { });
    }

    /** Another engine on the same stores, clock and senders, e.g. after a restart or with rotated secrets. */
    public Latchkey engine(LatchkeyConfig engineConfig, Consumer<LatchkeyBuilder> hooks) {
        LatchkeyBuilder builder = Latchkey.builder(engineConfig)
                .clock(clock)
                .challenges(stores.challenges()).users(stores.users()).outbox(stores.outbox())
                .throttles(stores.throttles()).transactions(stores.transactions())
                .apiSessionStore(stores.apiSessions())
                .sender(mail).sender(sms)
                .listener(events::add);
        if (stores.signIns() != null) {
            builder.signInStore(stores.signIns());
        }
        hooks.accept(builder);
        return builder.build();
    }

    /** Requests a sign-in by email from {@link #REQUESTER} and expects it accepted. */
    public RequestOutcome.Accepted request(String email) {
        RequestOutcome outcome = latchkey.requestSignIn(SignInRequest.login(Channel.EMAIL, email, REQUESTER));
        assertThat(outcome).isInstanceOf(RequestOutcome.Accepted.class);
        return (RequestOutcome.Accepted) outcome;
    }

    /** Requests a sign-in by email and delivers its message. */
    public SentMessage requestAndDeliver(String email) {
        request(email);
        latchkey.deliveryWorker().drain();
        return mail.last();
    }

    /** The public id of the newest pending sign-in challenge of {@code email}. */
    public String pendingRequestId(String email) {
        return stores.challenges().findNewestPending(new EmailAddress(email), Purpose.LOGIN, clock.instant())
                .orElseThrow(() -> new AssertionError("no pending challenge"))
                .id().value();
    }

    public Proof proof() {
        return Proof.from(REQUESTER);
    }

    public long count(AuditEventType type) {
        return events.stream().filter(e -> e.type() == type).count();
    }
}
