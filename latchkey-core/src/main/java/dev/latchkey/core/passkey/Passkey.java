package dev.latchkey.core.passkey;

import dev.latchkey.core.identity.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A registered WebAuthn credential. Only its public key is kept: nothing stored here lets anyone
 * sign in.
 *
 * @param id the authenticator's credential id
 * @param userId the account it signs in to
 * @param userHandle the handle the authenticator holds for that account
 * @param publicKeyCose the credential's public key, COSE-encoded
 * @param signatureCount the authenticator's signature counter at the last use (0 if it keeps none)
 * @param uvInitialized whether user verification was performed at registration
 * @param transports the transports the authenticator reported ({@code internal}, {@code hybrid}, …)
 * @param backupEligible whether the credential may be synced to other devices (a "synced" passkey)
 * @param backupState whether it was backed up at the last use
 * @param attestationObject the attestation object of the registration, as the authenticator sent it
 * @param attestationClientDataJson the client data of the registration
 * @param label the user's name for it
 * @param createdAt when it was registered
 * @param lastUsedAt when it last signed in, or null if never
 */
public record Passkey(
        CredentialId id,
        UserId userId,
        UserHandle userHandle,
        byte[] publicKeyCose,
        long signatureCount,
        boolean uvInitialized,
        Set<String> transports,
        boolean backupEligible,
        boolean backupState,
        byte @Nullable [] attestationObject,
        byte @Nullable [] attestationClientDataJson,
        String label,
        Instant createdAt,
        @Nullable Instant lastUsedAt) {
    /** The longest label a user may give. */
    public static final int MAX_LABEL_LENGTH = 64;

    public Passkey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(userHandle, "userHandle");
        Objects.requireNonNull(publicKeyCose, "publicKeyCose");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(createdAt, "createdAt");
        if (signatureCount < 0) {
            throw new IllegalArgumentException("a signature count is not negative");
        }
        requireValidLabel(label);
        publicKeyCose = publicKeyCose.clone();
        transports = Set.copyOf(transports);
        attestationObject = attestationObject == null ? null : attestationObject.clone();
        attestationClientDataJson = attestationClientDataJson == null ? null : attestationClientDataJson.clone();
    }

    /** Returns {@code label} if a user may give it; throws otherwise, so a store's rename refuses what this record would. */
    public static String requireValidLabel(String label) {
        Objects.requireNonNull(label, "label");
        if (label.isBlank() || label.length() > MAX_LABEL_LENGTH) {
            throw new IllegalArgumentException("a passkey label has 1 to " + MAX_LABEL_LENGTH + " characters");
        }
        return label;
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
    public byte @Nullable [] attestationClientDataJson() {
        return attestationClientDataJson == null ? null : attestationClientDataJson.clone();
    }

    /** Whether it is a synced passkey (backup eligible): {@code amr} {@code swk} rather than {@code hwk}. */
    public boolean synced() {
        return backupEligible;
    }
}
