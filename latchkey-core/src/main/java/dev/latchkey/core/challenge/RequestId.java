package dev.latchkey.core.challenge;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/** A challenge's public id ({@code request_id}): 128 random bits, base64url, 22 characters. */
public record RequestId(String value) {

    public RequestId {
        Objects.requireNonNull(value, "value");
    }

    public static RequestId generate(SecureRandom random) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return new RequestId(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** Whether text could be a request id, checked before it reaches a store. */
    public static boolean isWellFormed(String text) {
        return text.length() == 22 && text.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_');
    }

    @Override
    public String toString() {
        return value;
    }
}
