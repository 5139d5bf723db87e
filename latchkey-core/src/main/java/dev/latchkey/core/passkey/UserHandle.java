package dev.latchkey.core.passkey;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * The id authenticators keep for a user (WebAuthn's {@code user.id}), as unpadded base64url: 32
 * random bytes, never the email or the user id, so an authenticator reveals nothing about the account.
 */
public record UserHandle(String value) {
    /** Bytes of a generated handle (SPEC §10: at least 32). */
    public static final int LENGTH = 32;

    public UserHandle {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || value.length() > 86) {
            throw new IllegalArgumentException("a user handle has 1 to 64 bytes");
        }
        Base64.getUrlDecoder().decode(value);
    }

    public static UserHandle generate(SecureRandom random) {
        byte[] bytes = new byte[LENGTH];
        random.nextBytes(bytes);
        return of(bytes);
    }

    public static UserHandle of(byte[] bytes) {
        return new UserHandle(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    public byte[] bytes() {
        return Base64.getUrlDecoder().decode(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
