package dev.latchkey.core.passkey;

import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A new credential whose attestation the adapter's WebAuthn library checked: challenge, origin,
 * relying party id and signature (SPEC §10). Core decides whether the account may keep it.
 *
 * @param id the credential id the authenticator chose
 * @param publicKeyCose the credential's public key, COSE-encoded
 * @param signatureCount the authenticator's counter at registration
 * @param userVerified whether the authenticator verified the user (UV flag)
 * @param transports transports the browser reported
 * @param backupEligible whether the credential may be synced (BE flag)
 * @param backupState whether it is backed up now (BS flag)
 * @param attestationObject the attestation object as received
 * @param clientDataJson the client data as received
 */
public record VerifiedRegistration(CredentialId id, byte[] publicKeyCose, long signatureCount, boolean userVerified,
                                   Set<String> transports, boolean backupEligible, boolean backupState,
                                   byte @Nullable [] attestationObject, byte @Nullable [] clientDataJson) {

    public VerifiedRegistration {
        Objects.requireNonNull(id, "id");
        publicKeyCose = Objects.requireNonNull(publicKeyCose, "publicKeyCose").clone();
        transports = Set.copyOf(transports);
        attestationObject = attestationObject == null ? null : attestationObject.clone();
        clientDataJson = clientDataJson == null ? null : clientDataJson.clone();
    }

    @Override
    public byte[] publicKeyCose() {
        return publicKeyCose.clone();
    }

    @Override
    public byte @Nullable [] attestationObject() {
        return attestationObject == null ? null : attestationObject.clone();
    }

    @Override
    public byte @Nullable [] clientDataJson() {
        return clientDataJson == null ? null : clientDataJson.clone();
    }
}
