package dev.latchkey.core.identity;

import java.util.Objects;

/** A phone number in E.164 form, e.g. {@code +447700900123}. */
public record PhoneNumber(String value) implements Identifier {

    public PhoneNumber {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    @Override
    public String masked() {
        if (value.length() <= 5) {
            return "***";
        }
        return value.substring(0, 3) + "*".repeat(value.length() - 5) + value.substring(value.length() - 2);
    }

    @Override
    public String toString() {
        return masked();
    }
}
