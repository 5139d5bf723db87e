package dev.latchkey.core.challenge;

import dev.latchkey.core.identity.Identifier;
import java.time.Duration;

/** What a sign-in request decided. Known and unknown identifiers get the same {@code Accepted}. */
public sealed interface RequestOutcome {

    /** Which case this is, for an exhaustive {@code switch} in adapters: a new case fails their compilation. */
    enum Kind { ACCEPTED, THROTTLED, INVALID, IDENTIFIER_TAKEN, UNAVAILABLE }

    /** Which case this is. */
    Kind kind();

    /**
     * A challenge was written and its message queued.
     *
     * @param requestId the challenge's public id
     * @param expiresIn how long its link and code will work
     * @param identifier the normalised form of what was typed, e.g. for a "check your inbox" page
     */
    record Accepted(RequestId requestId, Duration expiresIn, Identifier identifier) implements RequestOutcome {
        @Override
        public Kind kind() {
            return Kind.ACCEPTED;
        }
    }

    /** Too many requests; nothing was written. */
    record Throttled(Duration retryAfter) implements RequestOutcome {
        @Override
        public Kind kind() {
            return Kind.THROTTLED;
        }
    }

    /**
     * The input cannot be used.
     *
     * @param field the input at fault, e.g. {@code email}
     * @param reason a sentence a person can act on, in English
     * @param key the same sentence's key in Latchkey's message bundles, e.g. {@code latchkey.invalid.email.format},
     *     for pages in other languages (SPEC §14)
     */
    record Invalid(String field, String reason, String key) implements RequestOutcome {
        @Override
        public Kind kind() {
            return Kind.INVALID;
        }
    }

    /** An email change asked for an address that another account has. */
    record IdentifierTaken() implements RequestOutcome {
        @Override
        public Kind kind() {
            return Kind.IDENTIFIER_TAKEN;
        }
    }

    /** The throttle store is down and {@code on-backend-failure=fail-closed}: nothing was written. */
    record Unavailable() implements RequestOutcome {
        @Override
        public Kind kind() {
            return Kind.UNAVAILABLE;
        }
    }
}
