package dev.latchkey.core.spi;

import dev.latchkey.core.audit.AuditEvent;
import dev.latchkey.core.audit.AuditQuery;
import dev.latchkey.core.audit.RecordedEvent;
import dev.latchkey.core.identity.Identifier;
import dev.latchkey.core.identity.UserId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Persisted audit trail (SPEC §7). Events hold no token or code. */
public interface AuditEventStore {

    void append(AuditEvent event);

    /** The newest events first, at most {@code limit}. */
    List<AuditEvent> findRecent(int limit);

    /**
     * The events {@code query} selects with their ids, newest first (by time, then id), at most its
     * limit: the admin API's listing (SPEC §12).
     */
    List<RecordedEvent> find(AuditQuery query);

    /**
     * Forgets who a user was (SPEC §12 erasure): the events of {@code user}, and those naming any of
     * {@code identifiers}, lose their identifier, IP and user agent; the user id stays. Joins the
     * caller's transaction. Returns how many events changed.
     */
    int erase(UserId user, Collection<? extends Identifier> identifiers);

    /** Deletes at most {@code batchSize} events older than {@code before}; returns how many. */
    int purgeOlderThan(Instant before, int batchSize);
}
