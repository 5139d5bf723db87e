package dev.latchkey.core.secret;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * The random value a browser keeps in an {@code HttpOnly} cookie when it asks for a link; its
 * digest on the challenge tells the asking browser from any other (SPEC §4.3).
 */
public final class BindingSecret {
    private final String value;

    private BindingSecret(String value) {
        this.value = value;
    }

    public static BindingSecret generate(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return new BindingSecret(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** A value read back from the cookie. */
    public static BindingSecret fromCookie(String value) {
        return new BindingSecret(value);
    }

    /** Only for setting the cookie and computing the digest. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "BindingSecret[redacted]";
    }
}
