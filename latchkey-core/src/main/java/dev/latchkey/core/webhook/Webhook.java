package dev.latchkey.core.webhook;

import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.config.InvalidSettingException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One receiver of audit events ({@code latchkey.webhooks[N]}, SPEC §13).
 *
 * @param url where each event is posted, an absolute http or https URL
 * @param secret the key each call is signed with
 * @param events the event types it receives, every one when the setting was left empty
 */
public record Webhook(URI url, WebhookSecret secret, Set<AuditEventType> events) {

    public Webhook {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(secret, "secret");
        events = events.isEmpty() ? EnumSet.allOf(AuditEventType.class) : Set.copyOf(events);
    }

    /**
     * The webhook {@code latchkey.webhooks[index]} describes, or a failure naming the property at fault.
     *
     * @param events the types to send; empty for all
     */
    public static Webhook of(int index, @Nullable String url, @Nullable String secret, Set<AuditEventType> events) {
        String property = "latchkey.webhooks[" + index + "]";
        return new Webhook(url(property + ".url", url), WebhookSecret.parse(property + ".secret", secret), events);
    }

    /** Whether events of {@code type} go to this webhook. */
    public boolean receives(AuditEventType type) {
        return events.contains(type);
    }

    private static URI url(String property, @Nullable String value) {
        String example = ", e.g. https://hooks.example.com/latchkey";
        if (value == null || value.isBlank()) {
            throw new InvalidSettingException(property + " is required" + example);
        }
        try {
            URI uri = new URI(value.strip());
            if (uri.isAbsolute() && uri.getHost() != null
                    && ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // Reported below with the value, like any other URL that is not absolute http(s).
        }
        // Not quoted: a receiver's URL may carry its own secret in the path or query.
        throw new InvalidSettingException(property + " must be an absolute http or https URL" + example
                + " (was <masked>)");
    }
}
