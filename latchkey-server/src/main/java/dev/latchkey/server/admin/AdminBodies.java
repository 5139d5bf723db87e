package dev.latchkey.server.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.latchkey.core.admin.Account;
import dev.latchkey.core.audit.AuditEvent;
import dev.latchkey.core.audit.AuditPage;
import dev.latchkey.core.audit.AuditQuery;
import dev.latchkey.core.audit.RecordedEvent;
import dev.latchkey.core.identity.User;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The JSON bodies of the admin API (SPEC §12); times are ISO-8601 UTC, absent fields {@code null}. */
final class AdminBodies {
    private AdminBodies() {
    }

    /** {@code POST /api/admin/sign-in-links}; {@code ttl} in seconds. */
    record MintBody(@Nullable String email, @Nullable String phone, @Nullable String next, @Nullable Long ttl,
                    @Nullable Boolean deliver) {}

    /** {@code PATCH /api/admin/users/{id}}. */
    record PatchBody(@Nullable String status, @Nullable List<String> roles) {}

    /** A link and code handed to the caller, once. */
    record MintedLink(String link, String code, @JsonProperty("expires_at") String expiresAt) {}

    /** A queued message's challenge. */
    record QueuedLink(@JsonProperty("expires_at") String expiresAt) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record UserBody(String id, @Nullable String email, @Nullable String phone, String status, List<String> roles,
                    @JsonProperty("created_at") String createdAt, @JsonProperty("last_login_at") @Nullable String lastLoginAt,
                    int passkeys) {

        static UserBody of(Account account) {
            User user = account.user();
            return new UserBody(user.id().value(), user.email() == null ? null : user.email().value(),
                    user.phone() == null ? null : user.phone().value(), user.status().name().toLowerCase(Locale.ROOT),
                    user.roles().stream().sorted().toList(), time(user.createdAt()), time(user.lastLoginAt()),
                    account.passkeys());
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record EventBody(String id, String type, @JsonProperty("user_id") @Nullable String userId,
                     @JsonProperty("client_id") @Nullable String clientId, @Nullable String ip,
                     @JsonProperty("user_agent") @Nullable String userAgent, @JsonProperty("occurred_at") String occurredAt,
                     @Nullable String reason) {

        static EventBody of(RecordedEvent recorded) {
            AuditEvent event = recorded.event();
            return new EventBody(Long.toString(recorded.id()), event.type().name(),
                    event.userId() == null ? null : event.userId().value(), event.clientId(), event.ip(),
                    event.userAgent(), time(event.at()), event.reason());
        }
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record EventsBody(List<EventBody> events, @Nullable String next) {

        static EventsBody of(AuditPage page) {
            AuditQuery.Position next = page.next();
            return new EventsBody(page.events().stream().map(EventBody::of).toList(), next == null ? null : next.cursor());
        }
    }

    /** ISO-8601 in UTC, e.g. {@code 2030-01-01T09:00:00Z}. */
    static @Nullable String time(@Nullable Instant at) {
        return at == null ? null : at.toString();
    }
}
