package dev.latchkey.core.webhook;

import dev.latchkey.core.audit.AuditEvent;
import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.config.InvalidSettingException;
import dev.latchkey.core.delivery.OutboxEntry;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The configured webhooks (SPEC §13). Turns an audit event into one outbox entry per webhook that
 * receives its type, each with its body fixed: a retry sends the same bytes under the same id.
 *
 * <p>Entries are queued where the event's audit row is written, in the same transaction: the engine's
 * audit trail enqueues them, and a store that writes audit rows itself (latchkey-jdbc's PostgreSQL
 * sign-in statements) writes these entries in the same statement. So an event whose change committed
 * always has its webhook calls queued, and an event rolled back has none. With no webhook configured
 * nothing is added anywhere, and the sign-in hot path keeps its statements and round trips.
 *
 * <p>A body holds the event's type, time, user id, sign-in method or reason, IP and user agent;
 * never its identifier (an email address or phone number), and events hold no token or code.
 */
public final class Webhooks {
    private static final Base64.Encoder ID = Base64.getUrlEncoder().withoutPadding();

    private final List<Webhook> hooks;
    private final SecureRandom random;

    /**
     * @param hooks the webhooks in the order of their settings, each URL once
     * @param random where call ids come from
     */
    public Webhooks(List<Webhook> hooks, SecureRandom random) {
        this.hooks = List.copyOf(hooks);
        this.random = random;
        for (int i = 0; i < this.hooks.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (this.hooks.get(i).url().equals(this.hooks.get(j).url())) {
                    throw new InvalidSettingException("latchkey.webhooks[" + i + "].url is the URL of latchkey.webhooks["
                            + j + "]; list each receiver once, with every event it should get in its events");
                }
            }
        }
    }

    /** No webhooks: nothing is ever queued. */
    public static Webhooks none() {
        return new Webhooks(List.of(), new SecureRandom());
    }

    public boolean isEmpty() {
        return hooks.isEmpty();
    }

    /** The webhook posted to {@code url}, if one still is: a queued call whose webhook was removed is dropped. */
    public Optional<Webhook> find(URI url) {
        return hooks.stream().filter(hook -> hook.url().equals(url)).findFirst();
    }

    /** One new entry for each webhook that receives {@code event}, due at the event's time. */
    public List<OutboxEntry> entriesFor(AuditEvent event) {
        List<OutboxEntry> entries = new ArrayList<>();
        for (Webhook hook : hooks) {
            if (hook.receives(event.type())) {
                String id = newId();
                entries.add(OutboxEntry.webhook(id, new OutboxEntry.WebhookCall(hook.url(), body(id, event)), event.at()));
            }
        }
        return entries;
    }

    private String newId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return "msg_" + ID.encodeToString(bytes);
    }

    /**
     * {@code {"id","type","occurred_at","data":{"user_id","method"?,"ip"?,"user_agent"?,"reason"?}}}:
     * {@code method} for a sign-in ({@code link} or {@code code}), {@code reason} for any other event
     * that has one, each optional field left out when unknown.
     */
    static String body(String id, AuditEvent event) {
        StringBuilder json = new StringBuilder("{");
        field(json, "id", id).append(',');
        field(json, "type", event.type().name()).append(',');
        field(json, "occurred_at", event.at().toString()).append(",\"data\":{");
        field(json, "user_id", event.userId() == null ? null : event.userId().value());
        String reason = event.reason();
        if (event.type() == AuditEventType.LOGIN_SUCCEEDED && reason != null) {
            // The audit row keeps the RFC 8176 amr value; SPEC §7 names the methods link and code.
            field(json.append(','), "method", "otp".equals(reason) ? "code" : reason);
            reason = null;
        }
        if (event.ip() != null) {
            field(json.append(','), "ip", event.ip());
        }
        if (event.userAgent() != null) {
            field(json.append(','), "user_agent", event.userAgent());
        }
        if (reason != null) {
            field(json.append(','), "reason", reason);
        }
        return json.append("}}").toString();
    }

    private static StringBuilder field(StringBuilder json, String name, @Nullable String value) {
        json.append('"').append(name).append("\":");
        if (value == null) {
            return json.append("null");
        }
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"');
    }

    /**
     * The {@code user_id} member exactly as a body holds it, for a store that swaps in the account its
     * statement signed in to (another process may have created a new identifier's account first).
     */
    public static String userIdMember(@Nullable String userId) {
        return field(new StringBuilder(), "user_id", userId).toString();
    }
}
