package dev.latchkey.core.testing;

import dev.latchkey.core.delivery.OutgoingMessage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The link, token and code read back from a delivered message's text, as a person would. */
public record SentMessage(OutgoingMessage message, String link, String token, String code) {
    private static final Pattern LINK = Pattern.compile("(\\S+://\\S*?([A-Za-z0-9_-]{43}))(?=[\\s.]|$)");
    private static final Pattern CODE = Pattern.compile("(?:code: |code is )(\\S+?)\\.?(?:\\s|$)");

    public static SentMessage parse(OutgoingMessage message) {
        Matcher link = LINK.matcher(message.text());
        Matcher code = CODE.matcher(message.text());
        if (!link.find() || !code.find()) {
            throw new AssertionError("message has no link and code: " + message.text());
        }
        return new SentMessage(message, link.group(1), link.group(2), code.group(1));
    }

    @Override
    public String toString() {
        return "SentMessage[to " + message.recipient().masked() + "]";
    }
}
