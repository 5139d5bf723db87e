package dev.latchkey.core.audit;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of the audit trail, newest first.
 *
 * @param events the events of the page
 * @param next where the next page starts, or null when this one is the last
 */
public record AuditPage(List<RecordedEvent> events, AuditQuery.@Nullable Position next) {

    public AuditPage {
        events = List.copyOf(events);
    }
}
