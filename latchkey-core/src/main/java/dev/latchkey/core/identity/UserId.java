package dev.latchkey.core.identity;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** A user's opaque, stable id: a UUIDv7 string, so new ids sort by creation time in an index. */
public record UserId(String value) {

    public UserId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank() || value.length() > 64) {
            throw new IllegalArgumentException("a user id has 1 to 64 characters");
        }
    }

    /** {@code value} as a user id, or empty when no user can have it (blank, or longer than 64 characters). */
    public static Optional<UserId> parse(String value) {
        return value.isBlank() || value.length() > 64 ? Optional.empty() : Optional.of(new UserId(value));
    }

    /** A new UUIDv7: 48 bits of milliseconds, then 74 random bits. */
    public static UserId generate(SecureRandom random, long epochMillis) {
        long msb = (epochMillis << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UserId(new UUID(msb, lsb).toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
