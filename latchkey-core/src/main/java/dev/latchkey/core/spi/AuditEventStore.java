package dev.latchkey.core.spi;

import dev.latchkey.core.audit.AuditEvent;
import java.time.Instant;
import java.util.List;

/** Persisted audit trail (SPEC §7). Events hold no token or code. */
public interface AuditEventStore {

    void append(AuditEvent event);

    /** The newest events first, at most {@code limit}. */
    List<AuditEvent> findRecent(int limit);

    /** Deletes at most {@code batchSize} events older than {@code before}; returns how many. */
    int purgeOlderThan(Instant before, int batchSize);
}
