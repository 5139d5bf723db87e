package dev.latchkey.core.secret;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts secrets kept at rest (SPEC §2 rule 18): AES-256-GCM under keys derived with HKDF-SHA256
 * from {@code latchkey.secret} and each {@code latchkey.previous-secrets}. Seals with the current
 * key; opens with any. Each sealed value is bound to what it is and whose it is (its purpose and
 * id as associated data), so a ciphertext copied to another row does not open there.
 *
 * <p>Stored form: {@value #PREFIX} then base64url of the 12-byte random nonce, the ciphertext and
 * the 128-bit tag. The prefix tells a sealed value from one stored before encryption.
 */
public final class SecretBox {
    /** Marks a sealed value and its format version. */
    public static final String PREFIX = "enc:v1:";
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final byte[] INFO = "latchkey secret-box aes-256-gcm v1".getBytes(StandardCharsets.UTF_8);
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final List<SecretKey> keys;
    private final SecureRandom random = new SecureRandom();

    private SecretBox(List<SecretKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /** A box keyed by each of {@code materials}, the first sealing; each is HKDF input keying material. */
    public static SecretBox of(List<byte[]> materials) {
        if (materials.isEmpty()) {
            throw new IllegalArgumentException("a secret box needs at least one key");
        }
        List<SecretKey> keys = new ArrayList<>(materials.size());
        for (byte[] material : materials) {
            keys.add(new SecretKeySpec(Hkdf.derive(material, new byte[0], INFO, KEY_BYTES), "AES"));
        }
        return new SecretBox(keys);
    }

    /** Whether {@code stored} is in the sealed form, as opposed to a value kept before encryption. */
    public static boolean isSealed(String stored) {
        return stored.startsWith(PREFIX);
    }

    /** {@code plaintext} encrypted under the current key and bound to {@code purpose} and {@code id}. */
    public String seal(String purpose, String id, String plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(0), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(purpose, id));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot encrypt with " + TRANSFORMATION, e);
        }
    }

    /**
     * The plaintext of a value sealed for {@code purpose} and {@code id} under any of the keys;
     * empty when none opens it (another secret, another row, or altered).
     */
    public Optional<Opened> open(String purpose, String id, String sealed) {
        if (!isSealed(sealed)) {
            return Optional.empty();
        }
        byte[] in;
        try {
            in = Base64.getUrlDecoder().decode(sealed.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (in.length < NONCE_BYTES + TAG_BITS / 8) {
            return Optional.empty();
        }
        byte[] aad = associatedData(purpose, id);
        for (int i = 0; i < keys.size(); i++) {
            try {
                Cipher cipher = Cipher.getInstance(TRANSFORMATION);
                cipher.init(Cipher.DECRYPT_MODE, keys.get(i), new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
                cipher.updateAAD(aad);
                byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
                return Optional.of(new Opened(new String(plain, StandardCharsets.UTF_8), i == 0));
            } catch (AEADBadTagException e) {
                // Not this key: try the next.
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JVM cannot decrypt with " + TRANSFORMATION, e);
            }
        }
        return Optional.empty();
    }

    private static byte[] associatedData(String purpose, String id) {
        return (purpose + "\0" + id).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * An opened value.
     *
     * @param plaintext the secret; never printed
     * @param underCurrentKey whether it was sealed under the current key, or needs sealing again
     */
    public record Opened(String plaintext, boolean underCurrentKey) {
        @Override
        public String toString() {
            return "Opened[plaintext=<masked>, underCurrentKey=" + underCurrentKey + "]";
        }
    }

    @Override
    public String toString() {
        return "SecretBox[" + keys.size() + " keys, <masked>]";
    }
}
