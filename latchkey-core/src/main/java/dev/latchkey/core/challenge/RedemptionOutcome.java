package dev.latchkey.core.challenge;

import dev.latchkey.core.identity.User;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** What one redemption decided. Adapters map each case to a page or a JSON error. */
public sealed interface RedemptionOutcome {

    /** The person is signed in as {@code user}; {@code next} is where the request asked to go, or null. */
    record SignedIn(User user, AuthMethod method, @Nullable String next) implements RedemptionOutcome {}

    /** The code was wrong; {@code attemptsLeft} more may be tried. */
    record WrongCode(int attemptsLeft) implements RedemptionOutcome {}

    /** No such link or request. */
    record NotFound() implements RedemptionOutcome {}

    /** The challenge's time ran out. */
    record Expired() implements RedemptionOutcome {}

    /** A newer request or a sign-in replaced the challenge. */
    record Revoked() implements RedemptionOutcome {}

    /** Every allowed use was spent. */
    record Spent() implements RedemptionOutcome {}

    /** Too many wrong codes. */
    record Exhausted() implements RedemptionOutcome {}

    /**
     * Too many failures for this identifier or IP; try again after {@code retryAfter}. Only codes are
     * locked out: a link still signs in (SPEC §2 rule 4).
     */
    record Locked(Duration retryAfter) implements RedemptionOutcome {}

    /** The person said "This wasn't me". */
    record Denied() implements RedemptionOutcome {}

    /** The link and code were right but the account may not sign in. */
    record Refused(RefusalReason reason) implements RedemptionOutcome {}

    /** {@code link.binding=require} and this is not the browser that asked. */
    record BindingMismatch() implements RedemptionOutcome {}

    /** The PKCE {@code code_verifier} was missing or wrong; it counted as a wrong attempt. */
    record PkceFailed() implements RedemptionOutcome {}

    /** The throttle store is down and {@code on-backend-failure=fail-closed}: try again later. */
    record Unavailable() implements RedemptionOutcome {}
}
