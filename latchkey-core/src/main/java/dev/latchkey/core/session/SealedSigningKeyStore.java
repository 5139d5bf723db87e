package dev.latchkey.core.session;

import dev.latchkey.core.config.InvalidSettingException;
import dev.latchkey.core.secret.SecretBox;
import dev.latchkey.core.spi.SigningKeyStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@link SigningKeyStore} whose backing store holds each JWK encrypted (SPEC §2 rule 18), so a
 * dump of it does not let anyone sign tokens. Callers see and pass JWKs in the clear; each is
 * sealed with {@link SecretBox} bound to its {@code kid}. Made through {@link #open}, which first
 * brings every stored key to the current form.
 */
public final class SealedSigningKeyStore implements SigningKeyStore {
    private static final System.Logger LOG = System.getLogger(SealedSigningKeyStore.class.getName());
    private static final String PURPOSE = "signing-key";

    private final SigningKeyStore sealed;
    private final SecretBox box;

    private SealedSigningKeyStore(SigningKeyStore sealed, SecretBox box) {
        this.sealed = sealed;
        this.box = box;
    }

    /**
     * The sealing view of {@code store}. Keys stored in the clear by an earlier version are sealed
     * under the current secret. Keys sealed under one of {@code latchkey.previous-secrets} stay as
     * they are, so an instance not yet given the new secret (or a rollback) still opens them; they
     * leave the store as signing keys rotate. When keys are stored and none opens with any configured
     * secret, start-up stops with an {@link InvalidSettingException} that says which settings to fix.
     */
    public static SealedSigningKeyStore open(SigningKeyStore store, SecretBox box) {
        SealedSigningKeyStore view = new SealedSigningKeyStore(store, box);
        boolean anySealed = false;
        boolean anyOpens = false;
        for (SigningKey stored : store.findAll()) {
            if (SecretBox.isSealed(stored.jwk())) {
                anySealed = true;
                anyOpens |= view.opened(stored).isPresent();
            } else {
                store.replaceJwk(stored.kid(), view.seal(stored.kid(), stored.jwk()));
                anyOpens = true;
            }
        }
        if (anySealed && !anyOpens) {
            throw new InvalidSettingException("no signing key in the store can be decrypted with latchkey.secret or any of"
                    + " latchkey.previous-secrets: set the secret they were stored under as latchkey.secret,"
                    + " or add it to latchkey.previous-secrets");
        }
        return view;
    }

    /**
     * Every key that opens, newest first. A key that does not (another instance made it under a
     * secret this one lacks, during a rotation) is left out and logged, rather than failing requests.
     */
    @Override
    public List<SigningKey> findAll() {
        List<SigningKey> keys = new ArrayList<>();
        for (SigningKey stored : sealed.findAll()) {
            Optional<String> jwk = SecretBox.isSealed(stored.jwk())
                    ? opened(stored).map(SecretBox.Opened::plaintext)
                    : Optional.of(stored.jwk());
            if (jwk.isPresent()) {
                keys.add(new SigningKey(stored.kid(), jwk.get(), stored.createdAt(), stored.retiredAt()));
            } else {
                LOG.log(System.Logger.Level.WARNING, "signing key " + stored.kid() + " cannot be decrypted with"
                        + " latchkey.secret or latchkey.previous-secrets; it is skipped");
            }
        }
        return keys;
    }

    @Override
    public boolean insert(SigningKey key) {
        return sealed.insert(new SigningKey(key.kid(), seal(key.kid(), key.jwk()), key.createdAt(), key.retiredAt()));
    }

    @Override
    public void replaceJwk(String kid, String jwk) {
        sealed.replaceJwk(kid, seal(kid, jwk));
    }

    @Override
    public void retire(String kid, Instant at) {
        sealed.retire(kid, at);
    }

    @Override
    public int deleteRetiredBefore(Instant before) {
        return sealed.deleteRetiredBefore(before);
    }

    private String seal(String kid, String jwk) {
        return box.seal(PURPOSE, kid, jwk);
    }

    private Optional<SecretBox.Opened> opened(SigningKey stored) {
        return box.open(PURPOSE, stored.kid(), stored.jwk());
    }
}
