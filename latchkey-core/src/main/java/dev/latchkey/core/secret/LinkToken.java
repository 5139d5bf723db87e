package dev.latchkey.core.secret;

import java.security.SecureRandom;
import java.util.Base64;

/** The 256-bit secret in a sign-in link. It never prints itself; only its digest is stored. */
public final class LinkToken {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final int BYTES = 32;

    private final String value;

    private LinkToken(String value) {
        this.value = value;
    }

    public static LinkToken generate(SecureRandom random) {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return new LinkToken(ENCODER.encodeToString(bytes));
    }

    /** A token as received from a link or request body. */
    public static LinkToken fromInput(String input) {
        return new LinkToken(input.strip());
    }

    /** Only for the outgoing message and for computing a digest. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "LinkToken[redacted]";
    }
}
