package dev.latchkey.core.delivery;

import dev.latchkey.core.challenge.RequestId;
import dev.latchkey.core.challenge.RequesterContext;
import dev.latchkey.core.identity.Identifier;
import java.time.Instant;
import java.util.Objects;

/**
 * One message to send, as queued: who to, for which challenge, and where the request came from.
 * It holds no token or code (SPEC §2 rule 17).
 *
 * @param id random id
 * @param challengeId the challenge whose secrets the message carries
 * @param recipient where it goes; its channel picks the sender
 * @param requester where the request came from, shown in the message
 * @param requestedAt when the request was made
 * @param kind what the entry sends: a challenge's message, a decoy that is never sent, or a notice
 * @param state where the entry is in its life
 * @param attempts sends tried so far
 * @param nextAttemptAt when the entry is next due
 * @param claim how many times the entry has been claimed: the fence a worker presents to complete or fail it
 *     (SPEC §2 rule 17), so a worker whose lease passed cannot finish an entry another worker claimed since
 */
public record OutboxEntry(String id, RequestId challengeId, Identifier recipient, RequesterContext requester,
                          Instant requestedAt, OutboxKind kind, OutboxState state, int attempts, Instant nextAttemptAt,
                          int claim) {

    public OutboxEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(challengeId, "challengeId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    }

    /** A new entry, due at once. */
    public static OutboxEntry queue(String id, RequestId challengeId, Identifier recipient,
                                    RequesterContext requester, Instant now, OutboxKind kind) {
        return new OutboxEntry(id, challengeId, recipient, requester, now, kind, OutboxState.PENDING, 0, now, 0);
    }

    /** The same entry after a worker changed its state, tries and due time. */
    public OutboxEntry advance(OutboxState newState, int newAttempts, Instant newNextAttemptAt) {
        return new OutboxEntry(id, challengeId, recipient, requester, requestedAt, kind, newState, newAttempts,
                newNextAttemptAt, claim);
    }

    /** The same entry handed to a worker by a new claim. */
    public OutboxEntry claimed() {
        return new OutboxEntry(id, challengeId, recipient, requester, requestedAt, kind, state, attempts,
                nextAttemptAt, claim + 1);
    }
}
