package dev.latchkey.core.spi;

import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.challenge.ChallengeState;
import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.challenge.RequestId;
import dev.latchkey.core.identity.Identifier;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.secret.Digest;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Where challenges live. Every method that changes a challenge decides in one atomic step (one
 * conditional {@code UPDATE} in SQL) so concurrent callers cannot both win. Callers pass {@code now};
 * stores never read a clock.
 */
public interface ChallengeStore {

    /** Inserts a new challenge. Joins the caller's transaction when there is one. */
    void insert(Challenge challenge);

    Optional<Challenge> findById(RequestId id);

    /**
     * Finds the challenge whose link digest is any of {@code candidates} (one per accepted key), in
     * whatever state. Link digests are unique.
     */
    Optional<Challenge> findByLinkDigest(Collection<Digest> candidates);

    /** The newest {@code PENDING} challenge of {@code identifier} for {@code purpose} that has not expired at {@code now}. */
    Optional<Challenge> findNewestPending(Identifier identifier, Purpose purpose, Instant now);

    /**
     * Replaces the link and code digests of a {@code PENDING} challenge whose link digest is still
     * {@code expectedLink} (null: none stored); nulls clear them. Returns false, changing nothing,
     * when the challenge is missing, no longer pending, or its secrets were replaced since the caller
     * read them: that fences delivery (SPEC §2 rule 17), so a worker whose lease passed can neither
     * overwrite nor wipe the secrets of a message another worker delivered.
     */
    boolean storeSecrets(RequestId id, @Nullable Digest expectedLink, @Nullable Digest linkDigest,
                         @Nullable Digest codeDigest);

    /**
     * {@link #storeSecrets(RequestId, Digest, Digest, Digest)} for many challenges at once, each
     * fenced by its own expected link digest: one statement in SQL, so a delivery batch stores its
     * secrets in one round trip. Returns the ids whose secrets were replaced.
     */
    default Set<RequestId> storeSecrets(List<Secrets> updates) {
        Set<RequestId> stored = new HashSet<>();
        for (Secrets update : updates) {
            if (storeSecrets(update.id(), update.expectedLink(), update.linkDigest(), update.codeDigest())) {
                stored.add(update.id());
            }
        }
        return stored;
    }

    /**
     * The challenges of {@code ids} that exist, by id: one query for a delivery batch.
     */
    default Map<RequestId, Challenge> findAllById(Collection<RequestId> ids) {
        Map<RequestId, Challenge> found = new HashMap<>();
        for (RequestId id : ids) {
            findById(id).ifPresent(challenge -> found.put(id, challenge));
        }
        return found;
    }

    /**
     * Counts one code attempt before the code is compared (SPEC §2 rule 4): {@code attempts + 1}
     * only while the challenge is {@code PENDING}, unexpired at {@code now} and below
     * {@code maxAttempts}. Returns the new count, or empty when no attempt was allowed.
     */
    OptionalInt countAttempt(RequestId id, int maxAttempts, Instant now);

    /**
     * Spends one use in one atomic step: {@code uses + 1}, and state {@code CONSUMED} when that
     * reaches {@code maxUses}, only while the challenge is {@code PENDING}, unexpired at {@code now}
     * and has uses left. Returns whether this call spent it; of any number of concurrent callers
     * with {@code maxUses} 1, exactly one gets true.
     */
    boolean spendUse(RequestId id, Instant now);

    /**
     * Moves a {@code PENDING} challenge to {@code state} ({@code EXHAUSTED}, {@code DENIED} or
     * {@code REVOKED}). Returns whether it changed.
     */
    boolean finish(RequestId id, ChallengeState state);

    /**
     * Revokes every {@code PENDING} challenge of {@code identifier} for {@code purpose} except
     * {@code keep} (which may be null). With a {@code user}, only that user's challenges are revoked,
     * so one user's email change never revokes another's change to the same address; with null,
     * whoever's they are (a login's user is the identifier's holder). Returns how many were revoked.
     */
    int revokePending(Identifier identifier, Purpose purpose, @Nullable UserId user, @Nullable RequestId keep);

    /**
     * Deletes at most {@code batchSize} challenges that expired at or before {@code before}, with
     * their outbox rows, using an index on the expiry time. Returns how many were deleted; callers
     * repeat until it returns less than {@code batchSize}.
     */
    int purgeExpired(Instant before, int batchSize);

    /**
     * Deletes, whatever their state, the challenges of {@code user} and those sent to any of
     * {@code identifiers}, with their outbox rows (SPEC §12 erasure). Joins the caller's transaction.
     * Returns how many challenges were deleted.
     */
    int deleteAll(UserId user, Collection<? extends Identifier> identifiers);

    /**
     * One replacement of a challenge's secrets, as {@link #storeSecrets(List)} takes it.
     *
     * @param id the challenge
     * @param expectedLink the link digest it must still hold, or null for none
     * @param linkDigest the new link digest, or null to clear it
     * @param codeDigest the new code digest, or null to clear it
     */
    record Secrets(RequestId id, @Nullable Digest expectedLink, @Nullable Digest linkDigest,
                   @Nullable Digest codeDigest) {

        public Secrets {
            Objects.requireNonNull(id, "id");
        }
    }
}
