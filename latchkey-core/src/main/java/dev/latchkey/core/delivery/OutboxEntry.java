package dev.latchkey.core.delivery;

import dev.latchkey.core.challenge.RequestId;
import dev.latchkey.core.challenge.RequesterContext;
import dev.latchkey.core.identity.Identifier;
import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One message to send, as queued: who to, for which challenge, and where the request came from;
 * or one webhook call (SPEC §13), which has neither challenge nor recipient but a URL and a body.
 * It holds no token or code (SPEC §2 rule 17).
 *
 * @param id random id; a webhook call's {@code webhook-id} and body {@code id}, the same on every retry
 * @param challengeId the challenge whose secrets the message carries; null only for a webhook call
 * @param recipient where it goes; its channel picks the sender; null only for a webhook call
 * @param requester where the request came from, shown in the message; for a webhook call, unused
 *     ({@link RequesterContext#internal()}): its event's IP is in its body
 * @param requestedAt when the request was made
 * @param kind what the entry sends: a challenge's message, a decoy that is never sent, or a notice
 * @param state where the entry is in its life
 * @param attempts sends tried so far
 * @param nextAttemptAt when the entry is next due
 * @param claim how many times the entry has been claimed: the fence a worker presents to complete or fail it
 *     (SPEC §2 rule 17), so a worker whose lease passed cannot finish an entry another worker claimed since
 * @param webhook the call to make, set exactly when {@code kind} is {@link OutboxKind#WEBHOOK}
 */
public record OutboxEntry(String id, @Nullable RequestId challengeId, @Nullable Identifier recipient,
                          RequesterContext requester, Instant requestedAt, OutboxKind kind, OutboxState state,
                          int attempts, Instant nextAttemptAt, int claim, @Nullable WebhookCall webhook) {

    public OutboxEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(requester, "requester");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        if (kind == OutboxKind.WEBHOOK) {
            Objects.requireNonNull(webhook, "webhook");
            if (challengeId != null || recipient != null) {
                throw new IllegalArgumentException("a webhook call has no challenge or recipient");
            }
        } else {
            Objects.requireNonNull(challengeId, "challengeId");
            Objects.requireNonNull(recipient, "recipient");
            if (webhook != null) {
                throw new IllegalArgumentException("only a webhook entry carries a webhook call");
            }
        }
    }

    /** An entry of a message, decoy or notice: one that makes no webhook call. */
    public OutboxEntry(String id, RequestId challengeId, Identifier recipient, RequesterContext requester,
                       Instant requestedAt, OutboxKind kind, OutboxState state, int attempts, Instant nextAttemptAt,
                       int claim) {
        this(id, challengeId, recipient, requester, requestedAt, kind, state, attempts, nextAttemptAt, claim, null);
    }

    /**
     * One webhook call (SPEC §13): a POST of {@code body} to {@code url}, signed at send time.
     *
     * @param url where the body is posted
     * @param body the JSON body, fixed when queued so every retry sends the same bytes
     */
    public record WebhookCall(URI url, String body) {
        public WebhookCall {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(body, "body");
        }
    }

    /** A new entry, due at once. */
    public static OutboxEntry queue(String id, RequestId challengeId, Identifier recipient,
                                    RequesterContext requester, Instant now, OutboxKind kind) {
        return new OutboxEntry(id, challengeId, recipient, requester, now, kind, OutboxState.PENDING, 0, now, 0);
    }

    /** A new webhook call, due at once. */
    public static OutboxEntry webhook(String id, WebhookCall call, Instant now) {
        return new OutboxEntry(id, null, null, RequesterContext.internal(), now, OutboxKind.WEBHOOK,
                OutboxState.PENDING, 0, now, 0, call);
    }

    /** The challenge of a message, decoy or notice; fails for a webhook call, which has none. */
    public RequestId requireChallenge() {
        return Objects.requireNonNull(challengeId, "a webhook call has no challenge");
    }

    /** The recipient of a message, decoy or notice; fails for a webhook call, which has none. */
    public Identifier requireRecipient() {
        return Objects.requireNonNull(recipient, "a webhook call has no recipient");
    }

    /** The same entry after a worker changed its state, tries and due time. */
    public OutboxEntry advance(OutboxState newState, int newAttempts, Instant newNextAttemptAt) {
        return new OutboxEntry(id, challengeId, recipient, requester, requestedAt, kind, newState, newAttempts,
                newNextAttemptAt, claim, webhook);
    }

    /** The same entry handed to a worker by a new claim. */
    public OutboxEntry claimed() {
        return new OutboxEntry(id, challengeId, recipient, requester, requestedAt, kind, state, attempts,
                nextAttemptAt, claim + 1, webhook);
    }
}
