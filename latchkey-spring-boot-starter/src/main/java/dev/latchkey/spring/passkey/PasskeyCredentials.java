package dev.latchkey.spring.passkey;

import dev.latchkey.core.passkey.CredentialId;
import dev.latchkey.core.passkey.Passkey;
import dev.latchkey.core.passkey.UserHandle;
import dev.latchkey.core.spi.PasskeyStore;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.security.web.webauthn.api.AuthenticatorTransport;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutableCredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCose;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialType;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;

/**
 * Spring's WebAuthn credential records read from core's {@link PasskeyStore}, e.g. for the
 * {@code excludeCredentials} of new creation options. Writes go only through core's
 * {@code Passkeys} use case, which audits them and queues the notice in the same transaction, so
 * this repository refuses them.
 */
public final class PasskeyCredentials implements UserCredentialRepository {
    private static final String WRITES = "Latchkey adds and removes passkeys through dev.latchkey.core.usecase.Passkeys "
            + "(audit row and notice in one transaction), not through this repository";

    private final PasskeyStore store;

    public PasskeyCredentials(PasskeyStore store) {
        this.store = store;
    }

    @Override
    public void delete(Bytes credentialId) {
        throw new UnsupportedOperationException(WRITES);
    }

    @Override
    public void save(CredentialRecord credentialRecord) {
        throw new UnsupportedOperationException(WRITES);
    }

    @Override
    public @Nullable CredentialRecord findByCredentialId(Bytes credentialId) {
        return store.find(CredentialId.of(credentialId.getBytes())).map(PasskeyCredentials::record).orElse(null);
    }

    @Override
    public List<CredentialRecord> findByUserId(Bytes userId) {
        return store.findUser(UserHandle.of(userId.getBytes())).map(store::list).orElse(List.of()).stream()
                .map(PasskeyCredentials::record).toList();
    }

    static CredentialRecord record(Passkey passkey) {
        ImmutableCredentialRecord.ImmutableCredentialRecordBuilder builder = ImmutableCredentialRecord.builder()
                .credentialType(PublicKeyCredentialType.PUBLIC_KEY)
                .credentialId(new Bytes(passkey.id().bytes()))
                .userEntityUserId(new Bytes(passkey.userHandle().bytes()))
                .publicKey(new ImmutablePublicKeyCose(passkey.publicKeyCose()))
                .signatureCount(passkey.signatureCount())
                .uvInitialized(passkey.uvInitialized())
                .transports(passkey.transports().stream().map(AuthenticatorTransport::valueOf)
                        .collect(Collectors.toUnmodifiableSet()))
                .backupEligible(passkey.backupEligible())
                .backupState(passkey.backupState())
                .label(passkey.label())
                .created(passkey.createdAt());
        byte[] attestation = passkey.attestationObject();
        byte[] clientData = passkey.attestationClientDataJson();
        builder.attestationObject(attestation == null ? null : new Bytes(attestation))
                .attestationClientDataJSON(clientData == null ? null : new Bytes(clientData));
        if (passkey.lastUsedAt() != null) {
            builder.lastUsed(passkey.lastUsedAt());
        }
        return builder.build();
    }
}
