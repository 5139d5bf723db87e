package dev.latchkey.core.usecase;

import dev.latchkey.core.audit.AuditEvent;
import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.audit.EventPublisher;
import dev.latchkey.core.challenge.RequesterContext;
import dev.latchkey.core.identity.Identifier;
import dev.latchkey.core.identity.UserId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Publishes the use cases' audit events. A use case calls it inside its transaction, so a listener
 * that persists events on the same data source writes its row in that transaction (SPEC §7).
 */
final class Audit {
    private final EventPublisher events;

    Audit(EventPublisher events) {
        this.events = events;
    }

    void publish(AuditEventType type, @Nullable UserId userId, @Nullable Identifier identifier,
                 RequesterContext requester, Instant at, @Nullable String reason) {
        events.publish(event(type, userId, identifier, requester, at, reason));
    }

    /** Publishes an event built whole, e.g. one naming an admin client. */
    void publish(AuditEvent event) {
        events.publish(event);
    }

    /** An event for a {@code SignInStore} to write with its change; {@link #announce} it once that committed. */
    static AuditEvent event(AuditEventType type, @Nullable UserId userId, @Nullable Identifier identifier,
                            RequesterContext requester, Instant at, @Nullable String reason) {
        return new AuditEvent(type, userId, identifier, requester.ip(), requester.userAgent(), at, reason);
    }

    /** Tells the listeners of an event whose row was written with its change. */
    void announce(AuditEvent event) {
        events.announce(event);
    }
}
