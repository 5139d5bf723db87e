package dev.latchkey.core.spi;

import dev.latchkey.core.audit.AuditEvent;
import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.challenge.RequestId;
import dev.latchkey.core.delivery.OutboxEntry;
import dev.latchkey.core.identity.Identifier;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.session.ApiSession;
import dev.latchkey.core.session.RefreshToken;
import dev.latchkey.core.throttle.ThrottleDecision;
import dev.latchkey.core.throttle.ThrottleWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The reads and writes of a sign-in's hot path, each committed once (SPEC §8): the request, the
 * delivery of its message (claim with secrets, then completion) and the redemption. The engine's default runs each as calls on the other stores in one
 * transaction; a database that can do each in one statement (latchkey-jdbc's PostgreSQL one) takes
 * its place, with the same meaning, which {@code SignInStoreContract} proves on both.
 */
public interface SignInStore {

    /**
     * Whether this store hits a request's throttle windows and forgets a redemption's failure
     * windows itself, in the same commit; when not, the engine does both through its throttle store
     * and passes none here.
     */
    boolean keepsThrottles();

    /**
     * Records a sign-in request: hits {@code windows} in order (the first full one refuses and the
     * later ones are not counted); when all admit, revokes the pending challenges {@code revoke}
     * names, then writes the challenge, its outbox entry and the audit row, and stores the locale the request
     * named as its account's (when {@code rows.locale()} is set). Returns the throttle
     * decision; nothing but the windows hit is written when it refuses.
     */
    ThrottleDecision request(RequestRows rows);

    /** The challenge whose link digest is any of {@code candidates}, with the account it would sign in to. */
    Optional<Redeemable> findByLink(Collection<Digest> candidates);

    /**
     * Redeems: spends one use of the challenge, and only when that use was this call's, also creates
     * the account (if new), records the sign-in time, revokes the identifier's other pending
     * challenges, forgets the {@code resetKeys} throttle windows and writes the audit row and the
     * API session. Returns the account signed in to (another process may have created a new
     * identifier's account first), or empty, writing nothing, when the use was lost (spent, expired,
     * revoked).
     */
    Optional<UserId> signIn(SignInRows rows);

    /**
     * Delivery of entries this process queued and handed to its worker: claims each one still due
     * and unclaimed (fenced by its claim counter, as {@link OutboxStore#claim}) and stores the
     * secrets minted for the claimed ones' challenges (fenced as {@link ChallengeStore#storeSecrets(List)}),
     * in one commit, before anything is sent.
     */
    Claimed claimHandedOver(List<OutboxEntry> entries, List<ChallengeStore.Secrets> secrets, Instant now,
                            Duration lease);

    /**
     * Completes the sent entries this worker still holds (as {@link OutboxStore#markSent(List, Instant)})
     * and writes the audit row of each one completed, in one commit. Returns the ids completed.
     */
    Set<String> completeSent(List<Sent> sent, Instant at);

    /** What {@link #claimHandedOver} claimed (as claimed, with their new claim counters) and whose secrets it stored. */
    record Claimed(List<OutboxEntry> entries, Set<RequestId> stored) {
        public Claimed {
            entries = List.copyOf(entries);
            stored = Set.copyOf(stored);
        }
    }

    /** A sent entry and its {@code MESSAGE_SENT} event, written only if the entry is completed. */
    record Sent(OutboxEntry entry, AuditEvent audit) {
        public Sent {
            Objects.requireNonNull(entry, "entry");
            Objects.requireNonNull(audit, "audit");
        }
    }

    /** A locale a request named, to store as {@code user}'s (SPEC §14). */
    record StoredLocale(UserId user, Locale locale) {
        public StoredLocale {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(locale, "locale");
        }
    }

    /** Which pending challenges a request revokes: its identifier's for its purpose, and of {@code user} only when set. */
    record Revocation(Identifier identifier, Purpose purpose, @Nullable UserId user) {
        public Revocation {
            Objects.requireNonNull(identifier, "identifier");
            Objects.requireNonNull(purpose, "purpose");
        }
    }

    /**
     * The rows of a sign-in request.
     *
     * @param windows the throttle windows to hit, in order (may be empty when throttles are elsewhere)
     * @param now the time of the request
     * @param revoke the older challenges to revoke, or null to keep them
     * @param challenge the new challenge
     * @param entry its outbox entry
     * @param audit its {@code LOGIN_REQUESTED} event
     * @param locale the locale to store as the account's, or null to keep the stored one (SPEC §14)
     */
    record RequestRows(List<ThrottleWindow> windows, Instant now, @Nullable Revocation revoke, Challenge challenge,
                       OutboxEntry entry, AuditEvent audit, @Nullable StoredLocale locale) {
        public RequestRows {
            windows = List.copyOf(windows);
            Objects.requireNonNull(now, "now");
            Objects.requireNonNull(challenge, "challenge");
            Objects.requireNonNull(entry, "entry");
            Objects.requireNonNull(audit, "audit");
        }
    }

    /**
     * A challenge about to be redeemed, with the account it signs in to: its user when it names one,
     * else the holder of its identifier, if any.
     */
    record Redeemable(Challenge challenge, Optional<User> holder) {
        public Redeemable {
            Objects.requireNonNull(challenge, "challenge");
            Objects.requireNonNull(holder, "holder");
        }
    }

    /**
     * The rows of a redemption.
     *
     * @param challenge the challenge whose use is spent
     * @param now the time of the redemption
     * @param identifier the challenge's identifier: its other pending challenges are revoked
     * @param purpose the challenge's purpose
     * @param userId the account signed in to, or the id to give a new one
     * @param createAccount whether {@code userId} is a new account of {@code identifier} to create
     * @param resetKeys the throttle windows to forget (the identifier's failures)
     * @param audit the {@code LOGIN_SUCCEEDED} event
     * @param session the API session to start with its first refresh token, or null for a page sign-in
     * @param locale the challenge's locale, stored as a new account's (SPEC §14)
     */
    record SignInRows(RequestId challenge, Instant now, Identifier identifier, Purpose purpose, UserId userId,
                      boolean createAccount, List<String> resetKeys, AuditEvent audit, @Nullable StartedSession session,
                      Locale locale) {
        public SignInRows {
            Objects.requireNonNull(challenge, "challenge");
            Objects.requireNonNull(now, "now");
            Objects.requireNonNull(identifier, "identifier");
            Objects.requireNonNull(purpose, "purpose");
            Objects.requireNonNull(userId, "userId");
            resetKeys = List.copyOf(resetKeys);
            Objects.requireNonNull(audit, "audit");
            Objects.requireNonNull(locale, "locale");
        }
    }

    /** An API session and its first refresh token, written with the redemption that starts them. */
    record StartedSession(ApiSession session, RefreshToken first) {
        public StartedSession {
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(first, "first");
        }

        /** The same session for {@code user}: the account of a new identifier that another process created first. */
        public StartedSession forUser(UserId user) {
            return user.equals(session.userId()) ? this : new StartedSession(session.forUser(user), first);
        }
    }
}
