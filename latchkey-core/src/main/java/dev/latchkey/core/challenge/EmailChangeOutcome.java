package dev.latchkey.core.challenge;

import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.identity.User;
import org.jspecify.annotations.Nullable;

/** What confirming an email change decided. */
public sealed interface EmailChangeOutcome {

    /** Which case this is, for an exhaustive {@code switch} in adapters: a new case fails their compilation. */
    enum Kind { CHANGED, TAKEN, FAILED }

    /** Which case this is. */
    Kind kind();

    /** The account now has the new address; a notice to {@code previous} is queued when there was one. */
    record Changed(User user, @Nullable EmailAddress previous) implements EmailChangeOutcome {
        @Override
        public Kind kind() {
            return Kind.CHANGED;
        }
    }

    /** Another account took the address meanwhile; the unique constraint decided. */
    record Taken() implements EmailChangeOutcome {
        @Override
        public Kind kind() {
            return Kind.TAKEN;
        }
    }

    /** The link could not be used; {@code reason} says why, as for a sign-in. */
    record Failed(RedemptionOutcome reason) implements EmailChangeOutcome {
        @Override
        public Kind kind() {
            return Kind.FAILED;
        }
    }
}
