package dev.latchkey.core.challenge;

import dev.latchkey.core.identity.User;
import dev.latchkey.core.session.ApiSessions;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** What one redemption decided. Adapters map each case to a page or a JSON error. */
public sealed interface RedemptionOutcome {

    /** Which case this is, for an exhaustive {@code switch} in adapters: a new case fails their compilation. */
    enum Kind { SIGNED_IN, WRONG_CODE, NOT_FOUND, EXPIRED, REVOKED, SPENT, EXHAUSTED, LOCKED, DENIED, REFUSED, BINDING_MISMATCH, PKCE_FAILED, UNAVAILABLE }

    /** Which case this is. */
    Kind kind();

    /**
     * The person is signed in as {@code user}; {@code next} is where the request asked to go, or null;
     * {@code apiSession} is the API session the redemption started for the JSON API, or null for a page.
     */
    record SignedIn(User user, AuthMethod method, @Nullable String next, ApiSessions.@Nullable Issued apiSession)
            implements RedemptionOutcome {
        @Override
        public Kind kind() {
            return Kind.SIGNED_IN;
        }
    }

    /** The code was wrong; {@code attemptsLeft} more may be tried. */
    record WrongCode(int attemptsLeft) implements RedemptionOutcome {
        @Override
        public Kind kind() {
            return Kind.WRONG_CODE;
        }
    }

    /** No such link or request. */
    record NotFound() implements RedemptionOutcome {
        @Override
        public Kind kind() {
            return Kind.NOT_FOUND;
        }
    }

    /** The challenge's time ran out. */
    record Expired() implements RedemptionOutcome {
        @Override
        public Kind kind() {
            return Kind.EXPIRED;
        }
    }

    /** A newer request or a sign-in replaced the challenge. */
    record Revoked() implements RedemptionOutcome {
        @Override
        public Kind kind() {
            return Kind.REVOKED;
        }
    }

    /** Every allowed use was spent. */
    record Spent() implements RedemptionOutcome {
        @Override
        public Kind kind() {
            return Kind.SPENT;
        }
    }

    /** Too many wrong codes. */
    record Exhausted() implements RedemptionOutcome {
        @Override
        public Kind kind() {
            return Kind.EXHAUSTED;
        }
    }

    /**
     * Too many failures for this identifier or IP; try again after {@code retryAfter}. Only codes are
     * locked out: a link still signs in (SPEC §2 rule 4).
     */
    record Locked(Duration retryAfter) implements RedemptionOutcome {
        @Override
        public Kind kind() {
            return Kind.LOCKED;
        }
    }

    /** The person said "This wasn't me". */
    record Denied() implements RedemptionOutcome {
        @Override
        public Kind kind() {
            return Kind.DENIED;
        }
    }

    /** The link and code were right but the account may not sign in. */
    record Refused(RefusalReason reason) implements RedemptionOutcome {
        @Override
        public Kind kind() {
            return Kind.REFUSED;
        }
    }

    /** {@code link.binding=require} and this is not the browser that asked. */
    record BindingMismatch() implements RedemptionOutcome {
        @Override
        public Kind kind() {
            return Kind.BINDING_MISMATCH;
        }
    }

    /** The PKCE {@code code_verifier} was missing or wrong; it counted as a wrong attempt. */
    record PkceFailed() implements RedemptionOutcome {
        @Override
        public Kind kind() {
            return Kind.PKCE_FAILED;
        }
    }

    /** The throttle store is down and {@code on-backend-failure=fail-closed}: try again later. */
    record Unavailable() implements RedemptionOutcome {
        @Override
        public Kind kind() {
            return Kind.UNAVAILABLE;
        }
    }
}
