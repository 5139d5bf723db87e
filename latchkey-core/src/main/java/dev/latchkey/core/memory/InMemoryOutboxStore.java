package dev.latchkey.core.memory;

import dev.latchkey.core.challenge.RequestId;
import dev.latchkey.core.delivery.OutboxEntry;
import dev.latchkey.core.delivery.OutboxKind;
import dev.latchkey.core.delivery.OutboxState;
import dev.latchkey.core.spi.OutboxStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An outbox in a map; claims are serialised by the store's monitor. */
public final class InMemoryOutboxStore implements OutboxStore {
    private final Map<String, Row> rows = new LinkedHashMap<>();

    private record Row(OutboxEntry entry, Instant leasedUntil) {}

    @Override
    public synchronized void enqueue(OutboxEntry entry) {
        if (rows.putIfAbsent(entry.id(), new Row(entry, Instant.MIN)) != null) {
            throw new IllegalStateException("an outbox entry with this id exists");
        }
    }

    @Override
    public synchronized List<OutboxEntry> claimDue(Instant now, int limit, Duration lease) {
        List<Row> due = rows.values().stream()
                .filter(r -> r.entry().state() == OutboxState.PENDING && !r.entry().nextAttemptAt().isAfter(now)
                        && !r.leasedUntil().isAfter(now))
                .sorted(Comparator.comparing((Row r) -> r.entry().nextAttemptAt()))
                .limit(limit)
                .toList();
        List<OutboxEntry> claimed = new ArrayList<>(due.size());
        for (Row row : due) {
            OutboxEntry entry = row.entry().claimed();
            rows.put(entry.id(), new Row(entry, now.plus(lease)));
            claimed.add(entry);
        }
        return claimed;
    }

    @Override
    public synchronized List<OutboxEntry> claim(List<OutboxEntry> entries, Instant now, Duration lease) {
        List<OutboxEntry> claimed = new ArrayList<>(entries.size());
        for (OutboxEntry handed : entries) {
            Row row = rows.get(handed.id());
            if (row != null && row.entry().state() == OutboxState.PENDING && row.entry().claim() == handed.claim()
                    && !row.entry().nextAttemptAt().isAfter(now) && !row.leasedUntil().isAfter(now)) {
                OutboxEntry entry = row.entry().claimed();
                rows.put(entry.id(), new Row(entry, now.plus(lease)));
                claimed.add(entry);
            }
        }
        return claimed;
    }

    @Override
    public synchronized boolean markSent(OutboxEntry claimed, int attempts, Instant now) {
        return finish(claimed, OutboxState.SENT, attempts, claimed.nextAttemptAt(), true);
    }

    @Override
    public synchronized boolean markDropped(OutboxEntry claimed, Instant now) {
        return finish(claimed, OutboxState.DROPPED, claimed.attempts(), claimed.nextAttemptAt(), true);
    }

    @Override
    public synchronized boolean scheduleRetry(OutboxEntry claimed, int attempts, Instant nextAttemptAt) {
        return finish(claimed, OutboxState.PENDING, attempts, nextAttemptAt, false);
    }

    @Override
    public synchronized boolean markAbandoned(OutboxEntry claimed, int attempts, Instant now) {
        return finish(claimed, OutboxState.ABANDONED, attempts, claimed.nextAttemptAt(), true);
    }

    @Override
    public synchronized int purgeWebhookCalls(Instant before, int batchSize) {
        List<String> done = rows.values().stream().map(Row::entry)
                .filter(e -> e.kind() == OutboxKind.WEBHOOK && e.state() != OutboxState.PENDING
                        && e.requestedAt().isBefore(before))
                .sorted(Comparator.comparing(OutboxEntry::requestedAt)).limit(batchSize).map(OutboxEntry::id).toList();
        done.forEach(rows::remove);
        return done.size();
    }

    @Override
    public synchronized List<OutboxEntry> findByChallenge(RequestId challengeId) {
        return rows.values().stream().map(Row::entry).filter(e -> challengeId.equals(e.challengeId())).toList();
    }

    synchronized void removeChallenge(RequestId challengeId) {
        rows.values().removeIf(r -> challengeId.equals(r.entry().challengeId()));
    }

    /** Changes the row only while it is pending and still holds the caller's claim; a retry also ends the lease. */
    private boolean finish(OutboxEntry claimed, OutboxState state, int attempts, Instant nextAttemptAt, boolean keepLease) {
        Row row = rows.get(claimed.id());
        if (row == null || row.entry().state() != OutboxState.PENDING || row.entry().claim() != claimed.claim()) {
            return false;
        }
        rows.put(claimed.id(), new Row(row.entry().advance(state, attempts, nextAttemptAt),
                keepLease ? row.leasedUntil() : Instant.MIN));
        return true;
    }
}
