package dev.latchkey.core.usecase;

import dev.latchkey.core.audit.AuditEvent;
import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.audit.EventPublisher;
import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.challenge.ChallengeState;
import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.challenge.RequestId;
import dev.latchkey.core.config.LatchkeyConfig;
import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.identity.Identifier;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.identity.EmailNormalizer;
import dev.latchkey.core.memory.InMemoryApiSessionStore;
import dev.latchkey.core.memory.InMemoryCeremonyStore;
import dev.latchkey.core.memory.InMemoryChallengeStore;
import dev.latchkey.core.memory.InMemoryOutboxStore;
import dev.latchkey.core.memory.InMemoryPasskeyStore;
import dev.latchkey.core.memory.InMemoryThrottleStore;
import dev.latchkey.core.memory.InMemoryUserDirectory;
import dev.latchkey.core.policy.LoginPolicy;
import dev.latchkey.core.policy.UserVerifier;
import dev.latchkey.core.secret.Code;
import dev.latchkey.core.secret.Digests;
import dev.latchkey.core.secret.LinkToken;
import dev.latchkey.core.session.UserSessions;
import dev.latchkey.core.memory.InMemoryOidcStore;
import dev.latchkey.core.spi.PageSessions;
import dev.latchkey.core.spi.Transactions;
import dev.latchkey.core.testing.Harness;
import dev.latchkey.core.testing.MutableClock;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One use case's world, in memory: a moving clock, the stores, a transaction counter and the audit
 * events, each noted with whether it was published inside a transaction.
 */
final class UseCaseFixture {
    static final EmailAddress ALICE = new EmailAddress("alice@example.com");

    final MutableClock clock = MutableClock.at("2030-01-01T09:00:00Z");
    final SecureRandom random = new SecureRandom();
    final InMemoryOutboxStore outbox = new InMemoryOutboxStore();
    final InMemoryChallengeStore challenges = new InMemoryChallengeStore(outbox);
    final InMemoryUserDirectory users = new InMemoryUserDirectory();
    final InMemoryApiSessionStore apiSessions = new InMemoryApiSessionStore();
    final InMemoryPasskeyStore passkeys = new InMemoryPasskeyStore();
    final InMemoryCeremonyStore ceremonies = new InMemoryCeremonyStore();
    final CountingTransactions transactions = new CountingTransactions();
    final List<Published> events = new CopyOnWriteArrayList<>();
    final LatchkeyConfig config;
    final Digests digests;
    final UseCaseContext context;
    final UserSessions sessions;

    /** An audit event and whether a transaction was open when it was published. */
    record Published(AuditEvent event, boolean inTransaction) {}

    UseCaseFixture() {
        this(settings -> { });
    }

    UseCaseFixture(Consumer<LatchkeyConfig.Builder> settings) {
        LatchkeyConfig.Builder builder = LatchkeyConfig.builder().secret(Harness.SECRET);
        settings.accept(builder);
        config = builder.build();
        digests = new Digests(config.keys());
        // Recorded as the trail, which persists each event inside the transaction it describes.
        EventPublisher publisher = new EventPublisher(event -> events.add(new Published(event, transactions.open > 0)),
                List.of());
        context = new UseCaseContext(config, clock, random, challenges, users, outbox, new InMemoryThrottleStore(),
                transactions, apiSessions, publisher, EmailNormalizer.identity(), LoginPolicy.allowAll(),
                UserVerifier.acceptAll(), () -> { }, (entry, challenge) -> { }, null);
        sessions = new UserSessions(apiSessions, PageSessions.none(), new InMemoryOidcStore(), transactions, clock, publisher,
                context::sessionsMustEnd);
    }

    User account(Identifier identifier) {
        return users.createIfAbsent(identifier, UserId.generate(random, clock.millis()), clock.instant());
    }

    /** A pending challenge whose link is {@code token} and code is {@code code}, as delivery would leave it. */
    Challenge issued(Purpose purpose, Identifier identifier, @Nullable UserId userId, LinkToken token, Code code) {
        RequestId id = RequestId.generate(random);
        Challenge challenge = new Challenge(id, purpose, identifier, userId, digests.link(purpose.key(), token),
                digests.code(purpose.key(), id.value(), code), null, null, null, Harness.REQUESTER, clock.instant(),
                clock.instant().plus(config.challenge().ttl()), 0, 0, config.challenge().maxUses(),
                ChallengeState.PENDING, Locale.ENGLISH);
        challenges.insert(challenge);
        return challenge;
    }

    Code code(String digits) {
        return Code.fromInput(digits, config.code());
    }

    List<Published> events(AuditEventType type) {
        return events.stream().filter(p -> p.event().type() == type).toList();
    }

    /** Transactions that run the work as it is, counting them and whether one is open. */
    static final class CountingTransactions implements Transactions {
        int open;
        int committed;

        @Override
        public <T> T inTransaction(Supplier<T> work) {
            open++;
            try {
                T result = work.get();
                committed++;
                return result;
            } finally {
                open--;
            }
        }
    }
}
