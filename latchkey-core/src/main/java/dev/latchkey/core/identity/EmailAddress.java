package dev.latchkey.core.identity;

import java.util.Objects;

/** A normalised email address (lower case, ASCII/punycode domain). */
public record EmailAddress(String value) implements Identifier {

    public EmailAddress {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public String masked() {
        int at = value.lastIndexOf('@');
        if (at <= 0) {
            return "***";
        }
        return value.charAt(0) + "***" + value.substring(at);
    }

    /** The domain part, e.g. {@code example.com}. */
    public String domain() {
        return value.substring(value.lastIndexOf('@') + 1);
    }

    @Override
    public String toString() {
        return masked();
    }
}
