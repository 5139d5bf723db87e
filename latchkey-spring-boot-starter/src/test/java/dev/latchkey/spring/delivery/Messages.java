package dev.latchkey.spring.delivery;

import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.challenge.RequesterContext;
import dev.latchkey.core.delivery.MessageContext;
import dev.latchkey.core.delivery.NoticeContext;
import dev.latchkey.core.delivery.OutgoingMessage;
import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.identity.Identifier;
import dev.latchkey.core.identity.PhoneNumber;
import java.time.Instant;
import java.util.Locale;

/** Message contexts and messages with recognisable, fake secrets for the delivery tests. */
final class Messages {
    static final String LINK = "https://app.example.com/login/link/Tk_fake-link-token_0123456789abcdefghijklmno";
    static final String CODE = "482915";
    static final String IP = "203.0.113.7";
    static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";
    static final Instant REQUESTED_AT = Instant.parse("2030-01-01T09:05:00Z");
    static final EmailAddress ADA = new EmailAddress("ada@example.com");
    static final PhoneNumber ADA_PHONE = new PhoneNumber("+447700900123");

    private Messages() {
    }

    static MessageContext login(Identifier recipient, String appName) {
        return context(Purpose.LOGIN, recipient, appName);
    }

    static MessageContext context(Purpose purpose, Identifier recipient, String appName) {
        return context(purpose, recipient, appName, Locale.ENGLISH);
    }

    static MessageContext context(Purpose purpose, Identifier recipient, String appName, Locale locale) {
        return new MessageContext(purpose, recipient, LINK, CODE, 10, REQUESTED_AT, new RequesterContext(IP, FIREFOX),
                "Firefox on Linux", appName, "app.example.com", locale);
    }

    static NoticeContext notice() {
        return notice(Locale.ENGLISH);
    }

    static NoticeContext notice(Locale locale) {
        return new NoticeContext(ADA, new EmailAddress("grace@example.org"), REQUESTED_AT,
                new RequesterContext(IP, FIREFOX), "Firefox on Linux", "Latchkey", locale);
    }

    static OutgoingMessage email(String subject, String text, String html) {
        return new OutgoingMessage(ADA, subject, text, html);
    }
}
