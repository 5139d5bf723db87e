package dev.latchkey.core.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.config.InvalidSettingException;
import dev.latchkey.core.memory.InMemorySigningKeyStore;
import dev.latchkey.core.secret.SecretBox;
import dev.latchkey.core.secret.SecretKeyRing;
import dev.latchkey.core.session.SealedSigningKeyStore;
import dev.latchkey.core.session.SigningKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SPEC §2 rule 18: the private parts of signing keys are stored encrypted under a key derived from
 * {@code latchkey.secret}; previous secrets still open them after a rotation; keys stored in the
 * clear before are sealed at start-up; a secret that opens nothing stops start-up with the settings to fix.
 */
class Rule18SigningKeysSealedTest {
    private static final String OLD = "old-secret-old-secret-old-secret-0123456789";
    private static final String NEW = "new-secret-new-secret-new-secret-0123456789";
    private static final Instant NOW = Instant.parse("2030-01-01T09:00:00Z");

    private final InMemorySigningKeyStore backing = new InMemorySigningKeyStore();
    private final String privatePart = randomPrivatePart();
    private final String jwk = "{\"kty\":\"EC\",\"crv\":\"P-256\",\"d\":\"" + privatePart + "\",\"kid\":\"kid-1\"}";

    private static SecretBox box(String current, String... previous) {
        return SecretKeyRing.of(current, List.of(previous)).box();
    }

    @Test
    void insertWhenSealedThenBackingStoreHoldsNoPrivatePart() {
        SealedSigningKeyStore store = SealedSigningKeyStore.open(backing, box(NEW));

        store.insert(new SigningKey("kid-1", jwk, NOW, null));

        assertThat(backing.findAll()).singleElement().satisfies(stored -> {
            assertThat(stored.jwk()).startsWith(SecretBox.PREFIX).doesNotContain(privatePart).doesNotContain("\"d\"");
        });
        assertThat(store.findAll()).containsExactly(new SigningKey("kid-1", jwk, NOW, null));
    }

    @Test
    void openWhenSecretRotatedWithOldOneInPreviousThenKeyStillOpensAndNewKeysSealUnderNew() {
        SealedSigningKeyStore.open(backing, box(OLD)).insert(new SigningKey("kid-1", jwk, NOW, null));

        SealedSigningKeyStore rotated = SealedSigningKeyStore.open(backing, box(NEW, OLD));
        rotated.insert(new SigningKey("kid-2", jwk, NOW.plusSeconds(1), null));

        assertThat(rotated.findAll()).extracting(SigningKey::kid).containsExactly("kid-2", "kid-1");
        assertThat(SealedSigningKeyStore.open(backing, box(NEW)).findAll()).extracting(SigningKey::kid)
                .containsExactly("kid-2");
    }

    @Test
    void openWhenRolledBackToOldSecretThenKeysMadeUnderItStillOpen() {
        SealedSigningKeyStore.open(backing, box(OLD)).insert(new SigningKey("kid-1", jwk, NOW, null));
        SealedSigningKeyStore.open(backing, box(NEW, OLD)).findAll();

        assertThat(SealedSigningKeyStore.open(backing, box(OLD)).findAll()).extracting(SigningKey::jwk)
                .containsExactly(jwk);
    }

    @Test
    void openWhenRowStoredInClearBeforeThenSealsIt() {
        backing.insert(new SigningKey("kid-1", jwk, NOW, null));

        SealedSigningKeyStore store = SealedSigningKeyStore.open(backing, box(NEW));

        assertThat(backing.findAll()).singleElement()
                .satisfies(stored -> assertThat(stored.jwk()).startsWith(SecretBox.PREFIX).doesNotContain(privatePart));
        assertThat(store.findAll()).extracting(SigningKey::jwk).containsExactly(jwk);
    }

    @Test
    void openWhenNoConfiguredSecretOpensAKeyThenStartUpErrorNamesTheSettings() {
        SealedSigningKeyStore.open(backing, box(OLD)).insert(new SigningKey("kid-1", jwk, NOW, null));

        assertThatThrownBy(() -> SealedSigningKeyStore.open(backing, box(NEW)))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("no signing key in the store can be decrypted with latchkey.secret or any of"
                        + " latchkey.previous-secrets: set the secret they were stored under as latchkey.secret,"
                        + " or add it to latchkey.previous-secrets");
    }

    private static String randomPrivatePart() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
