package dev.latchkey.core.passkey;

import java.util.Optional;

/**
 * Checks one assertion against the stored passkey it names, with the adapter's WebAuthn library:
 * signature, challenge, origin, relying party id and user presence. Core then decides the rest
 * (counter, account standing) in {@code dev.latchkey.core.usecase.Passkeys}.
 */
@FunctionalInterface
public interface AssertionVerifier {

    /** The checked assertion, or empty when it does not hold. Never throws for a bad assertion. */
    Optional<VerifiedAssertion> verify(Passkey passkey);
}
