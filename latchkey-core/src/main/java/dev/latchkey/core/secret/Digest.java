package dev.latchkey.core.secret;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An HMAC-SHA256 (or SHA-256) digest as stored instead of a secret. Equality is constant-time.
 */
public final class Digest {
    /** Length of every digest in bytes. */
    public static final int LENGTH = 32;

    private final byte[] bytes;

    private Digest(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a digest has " + LENGTH + " bytes (was " + bytes.length + ")");
        }
        this.bytes = bytes;
    }

    /** Wraps stored digest bytes. */
    public static Digest of(byte[] bytes) {
        return new Digest(bytes.clone());
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    /** Constant-time comparison (SPEC §2 rule 2). */
    public boolean matches(Digest other) {
        return MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Digest digest && matches(digest);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** A digest is not secret, but its start is enough to tell two apart in a log. */
    @Override
    public String toString() {
        return "Digest[" + HexFormat.of().formatHex(bytes, 0, 4) + "…]";
    }
}
