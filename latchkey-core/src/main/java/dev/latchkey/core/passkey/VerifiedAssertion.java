package dev.latchkey.core.passkey;

/**
 * What a checked assertion said: its signature, challenge, origin and relying party held.
 *
 * @param signatureCount the authenticator's counter in this assertion (0 if it keeps none)
 * @param userVerified whether the authenticator verified the user (UV flag), {@code amr} {@code user}
 * @param backupState whether the credential is backed up now (BS flag)
 */
public record VerifiedAssertion(long signatureCount, boolean userVerified, boolean backupState) {
}
