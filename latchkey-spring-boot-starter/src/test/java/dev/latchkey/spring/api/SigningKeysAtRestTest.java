package dev.latchkey.spring.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import dev.latchkey.core.memory.InMemorySigningKeyStore;
import dev.latchkey.core.secret.SecretKeyRing;
import dev.latchkey.core.session.SealedSigningKeyStore;
import dev.latchkey.core.session.SigningKey;
import dev.latchkey.core.testing.MutableClock;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SPEC §2 rule 18 with real ES256 keys: stored sealed, and still signing and verifying after a secret rotation. */
class SigningKeysAtRestTest {
    private static final String OLD = "old-secret-old-secret-old-secret-0123456789";
    private static final String NEW = "new-secret-new-secret-new-secret-0123456789";

    private final MutableClock clock = MutableClock.at("2030-01-01T09:00:00Z");
    private final InMemorySigningKeyStore store = new InMemorySigningKeyStore();

    private SigningKeys keys(String secret, String... previous) {
        return new SigningKeys(SealedSigningKeyStore.open(store, SecretKeyRing.of(secret, List.of(previous)).box()),
                clock, Duration.ofDays(30), Duration.ofMinutes(15));
    }

    @Test
    void currentWhenKeyMadeThenStoredRowHoldsNoPrivatePart() {
        ECKey key = keys(NEW).current();

        assertThat(store.findAll()).singleElement().extracting(SigningKey::jwk).asString()
                .doesNotContain(key.getD().toString()).doesNotContain("\"d\"").doesNotContain(key.getX().toString());
    }

    @Test
    void currentWhenSecretRotatedWithOldInPreviousThenSameKeySignsAndBothSidesVerify() throws Exception {
        ECKey before = keys(OLD).current();
        String signedBefore = sign(before);

        SigningKeys rotated = keys(NEW, OLD);
        ECKey after = rotated.current();

        assertThat(after.getKeyID()).isEqualTo(before.getKeyID());
        assertThat(verify(signedBefore, rotated)).isTrue();
        assertThat(verify(sign(after), keys(OLD))).isTrue();
    }

    private static String sign(ECKey key) throws JOSEException {
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                new Payload("{\"sub\":\"user-1\"}"));
        jws.sign(new ECDSASigner(key));
        return jws.serialize();
    }

    private static boolean verify(String serialized, SigningKeys keys) throws ParseException, JOSEException {
        JWSObject jws = JWSObject.parse(serialized);
        ECKey published = (ECKey) keys.publicKeys().getKeyByKeyId(jws.getHeader().getKeyID());
        return published != null && jws.verify(new ECDSAVerifier(published));
    }
}
