package dev.latchkey.core.delivery;

import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.challenge.RequesterContext;
import dev.latchkey.core.identity.Identifier;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * Everything a template may show: one challenge's link and code, and where the request came from.
 * It holds secrets, so it never prints them.
 *
 * @param purpose login or email change
 * @param recipient where the message goes
 * @param link the sign-in link, built from {@code base-url} or {@code link.template} only
 * @param code the code to type
 * @param expiresInMinutes whole minutes until the challenge expires, at least 1
 * @param requestedAt when the request was made
 * @param requester IP and user agent of the request
 * @param browserFamily e.g. {@code Firefox}, from the user agent
 * @param appName product name, {@code latchkey.app-name}
 * @param originHost host of {@code base-url} without port, for the SMS origin-bound line
 * @param locale the language to write it in, and to format its times for (SPEC §14)
 */
public record MessageContext(Purpose purpose, Identifier recipient, String link, String code, long expiresInMinutes,
                             Instant requestedAt, RequesterContext requester, String browserFamily, String appName,
                             String originHost, Locale locale) {

    public MessageContext {
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(code, "code");
    }

    @Override
    public String toString() {
        return "MessageContext[" + purpose + " to " + recipient.masked() + ", link and code redacted]";
    }
}
