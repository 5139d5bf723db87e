package dev.latchkey.spring.oidc;

import dev.latchkey.core.secret.Digest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Codes and tokens as stored: a SHA-256 digest. Unlike a typed code they carry at least 128 random
 * bits (or are signed JWTs), so a plain digest cannot be reversed by guessing, and it stays valid
 * across a rotation of {@code latchkey.secret}. In a stored authorization a token's value is
 * replaced by {@code sha256:} and the digest in base64url, which no client could present as a token.
 */
final class TokenDigests {
    private static final String PREFIX = "sha256:";

    private TokenDigests() {
    }

    static Digest of(String value) {
        if (isStoredForm(value)) {
            return Digest.of(Base64.getUrlDecoder().decode(value.substring(PREFIX.length())));
        }
        try {
            return Digest.of(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The value a stored authorization holds instead of {@code value}; the same again for a stored form. */
    static String storedForm(String value) {
        return isStoredForm(value) ? value
                : PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(of(value).toBytes());
    }

    static boolean isStoredForm(String value) {
        return value.startsWith(PREFIX);
    }
}
