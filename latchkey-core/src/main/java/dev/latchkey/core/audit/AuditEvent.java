package dev.latchkey.core.audit;

import dev.latchkey.core.identity.Identifier;
import dev.latchkey.core.identity.UserId;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Something that happened to a sign-in. Never carries a token or code; {@link #toString()} masks
 * the identifier so events can be logged as they are.
 *
 * @param type what happened
 * @param userId the account, when known
 * @param identifier the email or phone concerned, when known
 * @param ip client IP, when the event came from a request
 * @param userAgent client user agent, when known
 * @param at when it happened
 * @param reason a short machine-readable reason, e.g. {@code wrong_code}, or null
 * @param clientId the OAuth2 client that made the change through the admin API (SPEC §12), or null
 */
public record AuditEvent(AuditEventType type, @Nullable UserId userId, @Nullable Identifier identifier,
                         @Nullable String ip, @Nullable String userAgent, Instant at, @Nullable String reason,
                         @Nullable String clientId) {

    public AuditEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
    }

    /** An event no admin client caused. */
    public AuditEvent(AuditEventType type, @Nullable UserId userId, @Nullable Identifier identifier,
                      @Nullable String ip, @Nullable String userAgent, Instant at, @Nullable String reason) {
        this(type, userId, identifier, ip, userAgent, at, reason, null);
    }

    /** The same event about {@code user}. */
    public AuditEvent forUser(UserId user) {
        return user.equals(userId) ? this : new AuditEvent(type, user, identifier, ip, userAgent, at, reason, clientId);
    }

    @Override
    public String toString() {
        return "AuditEvent[" + type + " user=" + userId + " identifier=" + (identifier == null ? null : identifier.masked())
                + " ip=" + ip + " at=" + at + (clientId == null ? "" : " client=" + clientId) + (reason == null ? "" : " reason=" + reason) + "]";
    }
}
