package dev.latchkey.core.delivery;

import dev.latchkey.core.identity.Identifier;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A rendered message. Its bodies hold a link and a code, so it never prints them.
 *
 * @param recipient where it goes; the channel picks the sender
 * @param subject email subject, or null for SMS
 * @param text plain-text body (the whole SMS)
 * @param html HTML body for email, or null
 */
public record OutgoingMessage(Identifier recipient, @Nullable String subject, String text, @Nullable String html) {

    public OutgoingMessage {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(text, "text");
    }

    @Override
    public String toString() {
        return "OutgoingMessage[to=" + recipient.masked() + ", subject=" + subject + ", body=<redacted>]";
    }
}
