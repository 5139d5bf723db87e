package dev.latchkey.core.memory;

import dev.latchkey.core.challenge.RequestId;
import dev.latchkey.core.delivery.OutboxEntry;
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
            rows.put(row.entry().id(), new Row(row.entry(), now.plus(lease)));
            claimed.add(row.entry());
        }
        return claimed;
    }

    @Override
    public synchronized void markSent(String entryId, int attempts, Instant now) {
        finish(entryId, OutboxState.SENT, attempts);
    }

    @Override
    public synchronized void markDropped(String entryId, Instant now) {
        finish(entryId, OutboxState.DROPPED, -1);
    }

    @Override
    public synchronized void scheduleRetry(String entryId, int attempts, Instant nextAttemptAt) {
        rows.computeIfPresent(entryId,
                (id, row) -> new Row(row.entry().advance(OutboxState.PENDING, attempts, nextAttemptAt), Instant.MIN));
    }

    @Override
    public synchronized void markAbandoned(String entryId, int attempts, Instant now) {
        finish(entryId, OutboxState.ABANDONED, attempts);
    }

    @Override
    public synchronized List<OutboxEntry> findByChallenge(RequestId challengeId) {
        return rows.values().stream().map(Row::entry).filter(e -> e.challengeId().equals(challengeId)).toList();
    }

    synchronized void removeChallenge(RequestId challengeId) {
        rows.values().removeIf(r -> r.entry().challengeId().equals(challengeId));
    }

    private void finish(String entryId, OutboxState state, int attempts) {
        rows.computeIfPresent(entryId, (id, row) -> new Row(row.entry().advance(state,
                attempts < 0 ? row.entry().attempts() : attempts, row.entry().nextAttemptAt()), row.leasedUntil()));
    }
}
