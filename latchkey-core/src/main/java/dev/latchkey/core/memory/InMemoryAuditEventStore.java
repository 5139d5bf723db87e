package dev.latchkey.core.memory;

import dev.latchkey.core.audit.AuditEvent;
import dev.latchkey.core.spi.AuditEventStore;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/** The newest {@code capacity} audit events in memory; older ones fall off. */
public final class InMemoryAuditEventStore implements AuditEventStore {
    private final Deque<AuditEvent> events = new ArrayDeque<>();
    private final int capacity;

    public InMemoryAuditEventStore() {
        this(10_000);
    }

    public InMemoryAuditEventStore(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public synchronized void append(AuditEvent event) {
        events.addFirst(event);
        if (events.size() > capacity) {
            events.removeLast();
        }
    }

    @Override
    public synchronized List<AuditEvent> findRecent(int limit) {
        return new ArrayList<>(events).subList(0, Math.min(limit, events.size()));
    }

    @Override
    public synchronized int purgeOlderThan(Instant before, int batchSize) {
        int removed = 0;
        Iterator<AuditEvent> newestLast = events.descendingIterator();
        while (newestLast.hasNext() && removed < batchSize) {
            if (newestLast.next().at().isBefore(before)) {
                newestLast.remove();
                removed++;
            }
        }
        return removed;
    }
}
