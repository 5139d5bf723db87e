package dev.latchkey.core.challenge;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where a request came from, shown in the message and on the confirmation page.
 *
 * @param ip the client IP as resolved by the adapter (SPEC §2 rule 11)
 * @param userAgent the browser's {@code User-Agent}, or null
 */
public record RequesterContext(String ip, @Nullable String userAgent) {
    private static final int MAX_AGENT = 512;

    public RequesterContext {
        Objects.requireNonNull(ip, "ip");
        if (userAgent != null && userAgent.length() > MAX_AGENT) {
            userAgent = userAgent.substring(0, MAX_AGENT);
        }
    }

    /** A context for calls that have no client, such as an application mailing a link itself. */
    public static RequesterContext internal() {
        return new RequesterContext("127.0.0.1", null);
    }
}
