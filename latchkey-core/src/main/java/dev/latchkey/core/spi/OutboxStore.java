package dev.latchkey.core.spi;

import dev.latchkey.core.challenge.RequestId;
import dev.latchkey.core.delivery.OutboxEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Durable queue of messages to send (SPEC §2 rule 17). Rows hold who to send to and for which
 * challenge, never a token or code: the worker mints those at send time.
 *
 * <p>{@code markSent}, {@code markDropped}, {@code scheduleRetry} and {@code markAbandoned} take an
 * entry as {@link #claimDue} handed it and are fenced by that claim: each changes the entry only
 * while it is {@code PENDING} and still holds that claim, and returns whether it did. A worker whose
 * lease passed and whose entry another worker claimed since changes nothing, and nothing reopens an
 * entry that was sent.
 */
public interface OutboxStore {

    /** Adds a {@code PENDING} entry. Joins the caller's transaction when there is one. */
    void enqueue(OutboxEntry entry);

    /**
     * Claims up to {@code limit} {@code PENDING} entries due at {@code now} (next attempt reached and
     * no unexpired lease), leasing them until {@code now + lease}, oldest first. Concurrent
     * claimers, also in other processes, never receive the same entry while its lease holds
     * ({@code FOR UPDATE SKIP LOCKED} where the database has it). A crashed worker's entries become
     * due again when their lease ends. Each claim counts up the entry's {@link OutboxEntry#claim()};
     * the entries returned carry the new count.
     */
    List<OutboxEntry> claimDue(Instant now, int limit, Duration lease);

    /**
     * Claims exactly {@code entries}, as this process queued them, each only while it is still due
     * at {@code now} as {@link #claimDue} decides and still at the claim it carries: an entry another
     * worker claimed since is left out. Leases and counts up the claims as {@link #claimDue} does
     * and returns the entries claimed, with their new count. Lets a worker deliver what its own
     * requests just queued without looking for it.
     */
    List<OutboxEntry> claim(List<OutboxEntry> entries, Instant now, Duration lease);

    /** The claimed entry was sent on try number {@code attempts}; it is never claimed again. */
    boolean markSent(OutboxEntry claimed, int attempts, Instant now);

    /**
     * {@link #markSent(OutboxEntry, int, Instant)} for many claimed entries at once, each sent on try
     * {@code attempts() + 1} and fenced by its own claim: one statement in SQL, so a delivery batch
     * completes in one round trip. Returns the ids of the entries it marked.
     */
    default Set<String> markSent(List<OutboxEntry> claimed, Instant now) {
        Set<String> marked = new HashSet<>();
        for (OutboxEntry entry : claimed) {
            if (markSent(entry, entry.attempts() + 1, now)) {
                marked.add(entry.id());
            }
        }
        return marked;
    }

    /** The claimed entry needs no sending (decoy, or its challenge is no longer pending); never claimed again. */
    boolean markDropped(OutboxEntry claimed, Instant now);

    /** A send of the claimed entry failed; try again at {@code nextAttemptAt}, with {@code attempts} tries made so far. */
    boolean scheduleRetry(OutboxEntry claimed, int attempts, Instant nextAttemptAt);

    /** Every allowed send of the claimed entry failed; never claimed again. */
    boolean markAbandoned(OutboxEntry claimed, int attempts, Instant now);

    /**
     * Deletes at most {@code batchSize} webhook calls that are done (sent, dropped or abandoned) and
     * were queued before {@code before}, oldest first; returns how many. A message's entry goes with
     * its challenge instead, but a webhook call has none.
     */
    int purgeWebhookCalls(Instant before, int batchSize);

    /** Every entry of one challenge, oldest first: for tests, support and audits. */
    List<OutboxEntry> findByChallenge(RequestId challengeId);
}
