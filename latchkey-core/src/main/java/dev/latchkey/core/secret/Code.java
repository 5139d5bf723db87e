package dev.latchkey.core.secret;

import dev.latchkey.core.config.LatchkeyConfig.CodeSettings;
import java.security.SecureRandom;
import java.util.Locale;

/** The short code a person types. It never prints itself; only its digest is stored. */
public final class Code {
    private final String value;

    private Code(String value) {
        this.value = value;
    }

    /**
     * Draws {@code settings.length()} characters uniformly from the alphabet. Bytes that would bias
     * the result (those at or above the largest multiple of the alphabet's size) are drawn again.
     */
    public static Code generate(SecureRandom random, CodeSettings settings) {
        String alphabet = settings.alphabet();
        int size = alphabet.length();
        int limit = 256 - (256 % size);
        StringBuilder code = new StringBuilder(settings.length());
        byte[] buffer = new byte[settings.length() * 2];
        while (code.length() < settings.length()) {
            random.nextBytes(buffer);
            for (int i = 0; i < buffer.length && code.length() < settings.length(); i++) {
                int b = buffer[i] & 0xFF;
                if (b < limit) {
                    code.append(alphabet.charAt(b % size));
                }
            }
        }
        return new Code(code.toString());
    }

    /** What a person typed, without spaces and dashes, upper-cased for alphabets with no lower case. */
    public static Code fromInput(String input, CodeSettings settings) {
        StringBuilder cleaned = new StringBuilder(input.length());
        input.codePoints()
                .filter(c -> c != '-' && c != '\u2010' && c != '\u2011' && c != '\u2013' && !Character.isWhitespace(c)
                        && !Character.isSpaceChar(c))
                .forEach(cleaned::appendCodePoint);
        String value = cleaned.toString();
        return new Code(settings.caseInsensitive() ? value.toUpperCase(Locale.ROOT) : value);
    }

    /** Only for the outgoing message and for computing a digest. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "Code[redacted]";
    }
}
