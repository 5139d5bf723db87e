package dev.latchkey.core.secret;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF-SHA256 (RFC 5869) over the JDK's {@code HmacSHA256}: extract a pseudorandom key from the
 * input keying material and a salt, then expand it with {@code info} to the requested length.
 */
final class Hkdf {
    private static final String HMAC = "HmacSHA256";
    private static final int HASH_LENGTH = 32;

    private Hkdf() {
    }

    /** {@code length} bytes of output keying material, at most 255 hash lengths. */
    static byte[] derive(byte[] ikm, byte[] salt, byte[] info, int length) {
        if (length < 1 || length > 255 * HASH_LENGTH) {
            throw new IllegalArgumentException("HKDF-SHA256 gives 1 to " + 255 * HASH_LENGTH + " bytes (asked " + length + ")");
        }
        try {
            Mac extract = Mac.getInstance(HMAC);
            extract.init(new SecretKeySpec(salt.length == 0 ? new byte[HASH_LENGTH] : salt, HMAC));
            byte[] prk = extract.doFinal(ikm);

            Mac expand = Mac.getInstance(HMAC);
            expand.init(new SecretKeySpec(prk, HMAC));
            ByteBuffer okm = ByteBuffer.allocate(length);
            byte[] block = new byte[0];
            for (int counter = 1; okm.hasRemaining(); counter++) {
                expand.update(block);
                expand.update(info);
                expand.update((byte) counter);
                block = expand.doFinal();
                okm.put(block, 0, Math.min(block.length, okm.remaining()));
            }
            return okm.array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no usable " + HMAC, e);
        }
    }
}
