package dev.latchkey.core.challenge;

import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.identity.User;
import org.jspecify.annotations.Nullable;

/** What confirming an email change decided. */
public sealed interface EmailChangeOutcome {

    /** The account now has the new address; a notice to {@code previous} is queued when there was one. */
    record Changed(User user, @Nullable EmailAddress previous) implements EmailChangeOutcome {}

    /** Another account took the address meanwhile; the unique constraint decided. */
    record Taken() implements EmailChangeOutcome {}

    /** The link could not be used; {@code reason} says why, as for a sign-in. */
    record Failed(RedemptionOutcome reason) implements EmailChangeOutcome {}
}
