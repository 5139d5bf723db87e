package dev.latchkey.core.audit;

import java.util.Objects;

/**
 * An audit event as the trail holds it, with the id the trail gave it.
 *
 * @param id the trail's id for it, increasing in the order events were written
 * @param event the event
 */
public record RecordedEvent(long id, AuditEvent event) {

    public RecordedEvent {
        Objects.requireNonNull(event, "event");
    }
}
