package dev.latchkey.core.memory;

import dev.latchkey.core.audit.AuditEvent;
import dev.latchkey.core.audit.AuditQuery;
import dev.latchkey.core.audit.RecordedEvent;
import dev.latchkey.core.identity.Identifier;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.spi.AuditEventStore;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.ArrayList;

/** The newest {@code capacity} audit events in memory; older ones fall off. */
public final class InMemoryAuditEventStore implements AuditEventStore {
    private static final Comparator<RecordedEvent> NEWEST_FIRST = Comparator
            .comparing((RecordedEvent recorded) -> recorded.event().at()).thenComparingLong(RecordedEvent::id).reversed();

    private final Deque<RecordedEvent> events = new ArrayDeque<>();
    private final int capacity;
    private long lastId;

    public InMemoryAuditEventStore() {
        this(10_000);
    }

    public InMemoryAuditEventStore(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public synchronized void append(AuditEvent event) {
        events.addFirst(new RecordedEvent(++lastId, event));
        if (events.size() > capacity) {
            events.removeLast();
        }
    }

    @Override
    public synchronized List<AuditEvent> findRecent(int limit) {
        return events.stream().sorted(NEWEST_FIRST).limit(limit).map(RecordedEvent::event).toList();
    }

    @Override
    public synchronized List<RecordedEvent> find(AuditQuery query) {
        return events.stream().filter(query::matches).sorted(NEWEST_FIRST).limit(query.limit()).toList();
    }

    @Override
    public synchronized int erase(UserId user, Collection<? extends Identifier> identifiers) {
        List<RecordedEvent> all = new ArrayList<>(events);
        int erased = 0;
        for (ListIterator<RecordedEvent> each = all.listIterator(); each.hasNext(); ) {
            RecordedEvent recorded = each.next();
            AuditEvent e = recorded.event();
            if (user.equals(e.userId()) || identifiers.contains(e.identifier())) {
                each.set(new RecordedEvent(recorded.id(), new AuditEvent(e.type(), e.userId(), null, null, null, e.at(),
                        e.reason(), e.clientId())));
                erased++;
            }
        }
        events.clear();
        events.addAll(all);
        return erased;
    }

    @Override
    public synchronized int purgeOlderThan(Instant before, int batchSize) {
        int removed = 0;
        Iterator<RecordedEvent> newestLast = events.descendingIterator();
        while (newestLast.hasNext() && removed < batchSize) {
            if (newestLast.next().event().at().isBefore(before)) {
                newestLast.remove();
                removed++;
            }
        }
        return removed;
    }
}
