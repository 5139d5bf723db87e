package dev.latchkey.core.passkey;

import dev.latchkey.core.challenge.AuthMethod;
import dev.latchkey.core.challenge.RefusalReason;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.session.ApiSessions;
import org.jspecify.annotations.Nullable;
import java.time.Duration;

/** What one passkey sign-in decided. Adapters map each case to a page or a JSON error. */
public sealed interface PasskeySignInOutcome {

    /** Which case this is, for an exhaustive {@code switch} in adapters. */
    enum Kind { SIGNED_IN, UNKNOWN_CREDENTIAL, BAD_ASSERTION, COUNTER_REGRESSED, REFUSED, LOCKED, UNAVAILABLE }

    /** Which case this is. */
    Kind kind();

    /** Signed in as {@code user}; {@code method} names the {@code amr} (SPEC §10). */
    record SignedIn(User user, AuthMethod method, ApiSessions.@Nullable Issued apiSession)
            implements PasskeySignInOutcome {
        @Override
        public Kind kind() {
            return Kind.SIGNED_IN;
        }
    }

    /** No passkey has this credential id (never registered, or removed). */
    record UnknownCredential() implements PasskeySignInOutcome {
        @Override
        public Kind kind() {
            return Kind.UNKNOWN_CREDENTIAL;
        }
    }

    /** The signature, challenge, origin or relying party did not hold. */
    record BadAssertion() implements PasskeySignInOutcome {
        @Override
        public Kind kind() {
            return Kind.BAD_ASSERTION;
        }
    }

    /** The signature counter did not go up: the authenticator may have been cloned. Audited. */
    record CounterRegressed() implements PasskeySignInOutcome {
        @Override
        public Kind kind() {
            return Kind.COUNTER_REGRESSED;
        }
    }

    /** The assertion held but the account may not sign in (SPEC §2 rule 14). */
    record Refused(RefusalReason reason) implements PasskeySignInOutcome {
        @Override
        public Kind kind() {
            return Kind.REFUSED;
        }
    }

    /** Too many failed sign-ins from this IP; try again after {@code retryAfter}. */
    record Locked(Duration retryAfter) implements PasskeySignInOutcome {
        @Override
        public Kind kind() {
            return Kind.LOCKED;
        }
    }

    /** The throttle store is down and {@code on-backend-failure=fail-closed}: try again later. */
    record Unavailable() implements PasskeySignInOutcome {
        @Override
        public Kind kind() {
            return Kind.UNAVAILABLE;
        }
    }
}
