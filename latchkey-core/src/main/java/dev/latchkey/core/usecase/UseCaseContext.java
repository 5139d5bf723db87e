package dev.latchkey.core.usecase;

import dev.latchkey.core.audit.AuditEvent;
import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.audit.EventPublisher;
import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.config.LatchkeyConfig;
import dev.latchkey.core.delivery.OutboxEntry;
import dev.latchkey.core.identity.EmailNormalizer;
import dev.latchkey.core.identity.IdentifierParser;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.policy.LoginPolicy;
import dev.latchkey.core.policy.UserVerifier;
import dev.latchkey.core.secret.Digests;
import dev.latchkey.core.session.SessionEndReason;
import dev.latchkey.core.spi.ApiSessionStore;
import dev.latchkey.core.spi.ChallengeStore;
import dev.latchkey.core.spi.OutboxStore;
import dev.latchkey.core.spi.SignInStore;
import dev.latchkey.core.spi.ThrottleStore;
import dev.latchkey.core.spi.Transactions;
import dev.latchkey.core.spi.UserDirectory;
import dev.latchkey.core.throttle.Throttles;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * What the use cases share: settings, clock, randomness, stores, and the package's collaborators
 * (audit, account standing, challenge states and links, throttles). Built once per engine by
 * {@code LatchkeyBuilder}, or by a test around in-memory stores.
 */
public final class UseCaseContext {
    final LatchkeyConfig config;
    final Clock clock;
    final SecureRandom random;
    final ChallengeStore challenges;
    final UserDirectory users;
    final OutboxStore outbox;
    final Transactions transactions;
    final Throttles throttles;
    final IdentifierParser identifiers;
    final Digests digests;
    final Audit audit;
    final AccountStanding standing;
    final ChallengeStates states;
    final ChallengeLinks links;
    final Runnable onMessageQueued;
    final BiConsumer<OutboxEntry, Challenge> handOver;
    final SignInStore signIns;
    final StepwiseSignInStore stepwise;

    /**
     * @param events the engine's listeners, also given to the delivery worker and the session owner
     * @param onMessageQueued called after each message queued without a hand-over (a notice), so a woken
     *                        worker looks for due entries
     * @param handOver takes a sign-in message this process just committed and wakes its worker, which claims it
     *                 without a poll
     * @param signIns the hot path's fused statements, or null to run them as calls on the other stores
     */
    public UseCaseContext(LatchkeyConfig config, Clock clock, SecureRandom random, ChallengeStore challenges,
                          UserDirectory users, OutboxStore outbox, ThrottleStore throttleStore, Transactions transactions,
                          ApiSessionStore apiSessions, EventPublisher events, EmailNormalizer emailNormalizer,
                          LoginPolicy loginPolicy, UserVerifier userVerifier, Runnable onMessageQueued,
                          BiConsumer<OutboxEntry, Challenge> handOver, @Nullable SignInStore signIns) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.challenges = Objects.requireNonNull(challenges, "challenges");
        this.users = Objects.requireNonNull(users, "users");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.throttles = new Throttles(throttleStore, config.throttle(), config.keys(), failure -> events.publish(
                new AuditEvent(AuditEventType.THROTTLE_BACKEND_FAILED, null, null, null, null, clock.instant(),
                        failure.getClass().getSimpleName())));
        this.identifiers = new IdentifierParser(emailNormalizer, config.sms());
        this.digests = new Digests(config.keys());
        this.audit = new Audit(events);
        this.standing = new AccountStanding(config, users, loginPolicy, userVerifier, audit);
        this.states = new ChallengeStates(challenges);
        this.onMessageQueued = Objects.requireNonNull(onMessageQueued, "onMessageQueued");
        this.handOver = Objects.requireNonNull(handOver, "handOver");
        this.stepwise = new StepwiseSignInStore(challenges, users, outbox, apiSessions, transactions, events,
                throttleStore);
        this.signIns = signIns != null ? signIns : stepwise;
        this.links = new ChallengeLinks(challenges, this.signIns, digests);
    }

    /** The hot path's store: the one given, or the engine's calls on the other stores. */
    public SignInStore signIns() {
        return signIns;
    }

    /** Why the sessions of {@code user} must end now (SPEC §2 rule 14), or empty while they may go on. */
    public Optional<SessionEndReason> sessionsMustEnd(UserId user) {
        return standing.sessionsMustEnd(user);
    }
}
