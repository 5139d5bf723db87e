package dev.latchkey.core.usecase;

import dev.latchkey.core.audit.AuditEvent;
import dev.latchkey.core.audit.EventPublisher;
import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.challenge.RequestId;
import dev.latchkey.core.delivery.OutboxEntry;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.spi.ApiSessionStore;
import dev.latchkey.core.spi.ChallengeStore;
import dev.latchkey.core.spi.OutboxStore;
import dev.latchkey.core.spi.SignInStore;
import dev.latchkey.core.spi.ThrottleStore;
import dev.latchkey.core.spi.Transactions;
import dev.latchkey.core.spi.UserDirectory;
import dev.latchkey.core.throttle.ThrottleDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The engine's {@link SignInStore}: each step's writes as calls on the other stores, in one
 * transaction, with the audit row in the trail inside it. A throttle store that joins the
 * transaction (latchkey-jdbc's on the same database) is hit and reset inside it too, so a request and
 * a redemption each commit once (SPEC §8); one in another system (Redis, memory) cannot, and the
 * engine hits it before and resets it after.
 */
final class StepwiseSignInStore implements SignInStore {
    private final ChallengeStore challenges;
    private final UserDirectory users;
    private final OutboxStore outbox;
    private final ApiSessionStore apiSessions;
    private final Transactions transactions;
    private final EventPublisher events;
    private final @Nullable ThrottleStore throttles;

    /** {@code throttles} is hit inside the transactions when it {@link ThrottleStore#joins joins} them. */
    StepwiseSignInStore(ChallengeStore challenges, UserDirectory users, OutboxStore outbox, ApiSessionStore apiSessions,
                        Transactions transactions, EventPublisher events, ThrottleStore throttles) {
        this.challenges = challenges;
        this.users = users;
        this.outbox = outbox;
        this.apiSessions = apiSessions;
        this.transactions = transactions;
        this.events = events;
        this.throttles = throttles.joins(transactions) ? throttles : null;
    }

    @Override
    public boolean keepsThrottles() {
        return throttles != null;
    }

    @Override
    public ThrottleDecision request(RequestRows rows) {
        return transactions.inTransaction(() -> {
            ThrottleDecision decision = throttles == null || rows.windows().isEmpty()
                    ? new ThrottleDecision.Allowed(0) : throttles.hitInOrder(rows.windows(), rows.now());
            if (decision instanceof ThrottleDecision.Refused) {
                return decision;
            }
            record(rows.revoke(), rows.challenge(), rows.audit());
            StoredLocale locale = rows.locale();
            if (locale != null) {
                users.changeLocale(locale.user(), locale.locale());
            }
            outbox.enqueue(rows.entry());
            return decision;
        });
    }

    /**
     * A request's writes but its outbox entry, in the caller's transaction: revokes what {@code revoke}
     * names, inserts the challenge and persists its audit row. An admin's link handed to the caller has no message.
     */
    void record(@Nullable Revocation revoke, Challenge challenge, AuditEvent audit) {
        if (revoke != null) {
            challenges.revokePending(revoke.identifier(), revoke.purpose(), revoke.user(), null);
        }
        challenges.insert(challenge);
        events.persist(audit);
    }

    @Override
    public Optional<Redeemable> findByLink(Collection<Digest> candidates) {
        return challenges.findByLinkDigest(candidates).map(this::redeemable);
    }

    /** A challenge with the account it signs in to: the one it names, else its identifier's holder. */
    Redeemable redeemable(Challenge challenge) {
        return new Redeemable(challenge, challenge.userId() != null ? users.findById(challenge.userId())
                : users.findByIdentifier(challenge.identifier()));
    }

    @Override
    public Optional<UserId> signIn(SignInRows rows) {
        return transactions.inTransaction(() -> {
            if (!challenges.spendUse(rows.challenge(), rows.now())) {
                return Optional.<UserId>empty();
            }
            UserId user = rows.createAccount()
                    ? users.createIfAbsent(rows.identifier(), rows.userId(), rows.now()).id() : rows.userId();
            if (rows.createAccount() && user.equals(rows.userId())) {
                // A new account speaks the language of the request that made it (SPEC §14).
                users.changeLocale(user, rows.locale());
            }
            users.recordSignIn(user, rows.now());
            challenges.revokePending(rows.identifier(), rows.purpose(), null, rows.challenge());
            events.persist(rows.audit().forUser(user));
            StartedSession session = rows.session();
            if (session != null) {
                StartedSession own = session.forUser(user);
                apiSessions.create(own.session(), own.first());
            }
            // Last, so the locks a reset takes are held the shortest.
            if (throttles != null) {
                rows.resetKeys().forEach(throttles::reset);
            }
            return Optional.of(user);
        });
    }

    @Override
    public Claimed claimHandedOver(List<OutboxEntry> entries, List<ChallengeStore.Secrets> secrets, Instant now,
                                   Duration lease) {
        return transactions.inTransaction(() -> {
            List<OutboxEntry> claimed = outbox.claim(entries, now, lease);
            Set<RequestId> ours = claimed.stream().map(OutboxEntry::challengeId).collect(Collectors.toSet());
            return new Claimed(claimed, challenges.storeSecrets(secrets.stream()
                    .filter(s -> ours.contains(s.id())).toList()));
        });
    }

    @Override
    public Set<String> completeSent(List<Sent> sent, Instant at) {
        return transactions.inTransaction(() -> {
            Set<String> done = outbox.markSent(sent.stream().map(Sent::entry).toList(), at);
            sent.stream().filter(s -> done.contains(s.entry().id())).forEach(s -> events.persist(s.audit()));
            return done;
        });
    }
}
