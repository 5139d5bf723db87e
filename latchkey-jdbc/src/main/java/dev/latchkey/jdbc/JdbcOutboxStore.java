package dev.latchkey.jdbc;

import dev.latchkey.core.challenge.RequestId;
import dev.latchkey.core.challenge.RequesterContext;
import dev.latchkey.core.delivery.OutboxEntry;
import dev.latchkey.core.delivery.OutboxKind;
import dev.latchkey.core.delivery.OutboxState;
import dev.latchkey.core.spi.OutboxStore;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The delivery outbox in {@code latchkey_outbox}. Claims lock due rows with
 * {@code FOR UPDATE SKIP LOCKED}, so workers in any number of processes pass over each other's rows,
 * and each lease is taken by a conditional {@code UPDATE} whose row count decides.
 */
public final class JdbcOutboxStore implements OutboxStore {
    private static final String COLUMNS = Tables.OUTBOX_COLUMNS;
    static final String DUE = "state = 'pending' AND next_attempt_at <= ?"
            + " AND (leased_until IS NULL OR leased_until <= ?)";
    /** Due rows, oldest first, that no other claimer holds. */
    private static final String DUE_UNCLAIMED = " FROM latchkey_outbox WHERE " + DUE
            + " ORDER BY next_attempt_at, requested_at LIMIT ? FOR UPDATE SKIP LOCKED";
    private static final String CLAIM = "SELECT " + COLUMNS + DUE_UNCLAIMED;
    // Repeats the due test: where a claimer waited on a lock instead of skipping it, the row may be leased by now.
    private static final String LEASE = "UPDATE latchkey_outbox SET leased_until = ?, claim = claim + 1 WHERE id = ?"
            + " AND claim = ? AND " + DUE;
    // One round trip where UPDATE ... RETURNING exists: the subquery locks and skips exactly as CLAIM does.
    private static final String CLAIM_AND_LEASE = "UPDATE latchkey_outbox SET leased_until = ?, claim = claim + 1 WHERE id IN (SELECT id"
            + DUE_UNCLAIMED + ") RETURNING " + COLUMNS;
    /** Only the current claim of a pending row may finish or reschedule it (SPEC §2 rule 17). */
    private static final String FENCE = " WHERE id = ? AND claim = ? AND state = 'pending'";
    private static final String FINISH = "UPDATE latchkey_outbox SET state = ?, attempts = ?" + FENCE;

    /** RETURNING hands rows back in no particular order; delivery still goes oldest first. */
    private static final Comparator<OutboxEntry> DUE_ORDER = Comparator.comparing(OutboxEntry::nextAttemptAt)
            .thenComparing(OutboxEntry::requestedAt);

    private final Sql sql;
    private final String purgeWebhookCalls;

    public JdbcOutboxStore(JdbcTransactions transactions) {
        this.sql = new Sql(transactions);
        this.purgeWebhookCalls = transactions.dialect().boundedDelete("latchkey_outbox", "id",
                "kind = 'webhook' AND state <> 'pending' AND requested_at < ?", "requested_at");
    }

    @Override
    public void enqueue(OutboxEntry e) {
        sql.update(Tables.insert(Tables.OUTBOX, COLUMNS), Tables.outbox(e));
    }

    @Override
    public List<OutboxEntry> claimDue(Instant now, int limit, Duration lease) {
        Instant leasedUntil = now.plus(lease);
        if (sql.dialect().updateReturns()) {
            List<OutboxEntry> claimed = new ArrayList<>(sql.list(CLAIM_AND_LEASE, JdbcOutboxStore::entry, leasedUntil,
                    now, now, limit));
            claimed.sort(DUE_ORDER);
            return claimed;
        }
        return sql.inTransaction(() -> {
            List<OutboxEntry> claimed = new ArrayList<>();
            for (OutboxEntry entry : sql.list(CLAIM, JdbcOutboxStore::entry, now, now, limit)) {
                if (sql.update(LEASE, leasedUntil, entry.id(), entry.claim(), now, now) == 1) {
                    claimed.add(entry.claimed());
                }
            }
            return claimed;
        });
    }

    /** One JDBC batch of fenced leases: one round trip where the driver pipelines it, as PostgreSQL's does. */
    @Override
    public List<OutboxEntry> claim(List<OutboxEntry> entries, Instant now, Duration lease) {
        if (entries.isEmpty()) {
            return List.of();
        }
        Instant leasedUntil = now.plus(lease);
        List<@Nullable Object[]> rows = new ArrayList<>();
        for (OutboxEntry entry : entries) {
            rows.add(new @Nullable Object[] {leasedUntil, entry.id(), entry.claim(), now, now});
        }
        int[] counts = sql.batch(LEASE, rows);
        List<OutboxEntry> claimed = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 1) {
                claimed.add(entries.get(i).claimed());
            }
        }
        return claimed;
    }

    @Override
    public boolean markSent(OutboxEntry claimed, int attempts, Instant now) {
        return sql.update(FINISH, OutboxState.SENT.key(), attempts, claimed.id(), claimed.claim()) == 1;
    }

    @Override
    public Set<String> markSent(List<OutboxEntry> claimed, Instant now) {
        if (claimed.isEmpty()) {
            return Set.of();
        }
        if (sql.dialect().updateReturns()) {
            List<Object> params = new ArrayList<>();
            for (OutboxEntry entry : claimed) {
                params.addAll(List.of(entry.id(), entry.claim(), entry.attempts() + 1));
            }
            String rows = String.join(", ", Collections.nCopies(claimed.size(),
                    "(?, CAST(? AS integer), CAST(? AS integer))"));
            return new HashSet<>(sql.list("UPDATE latchkey_outbox o SET state = 'sent', attempts = v.attempts"
                    + " FROM (VALUES " + rows + ") AS v (id, claim, attempts)"
                    + " WHERE o.id = v.id AND o.claim = v.claim AND o.state = 'pending' RETURNING o.id",
                    row -> row.getString(1), params.toArray()));
        }
        List<@Nullable Object[]> rows = new ArrayList<>();
        for (OutboxEntry entry : claimed) {
            rows.add(new @Nullable Object[] {OutboxState.SENT.key(), entry.attempts() + 1, entry.id(), entry.claim()});
        }
        int[] counts = sql.batch(FINISH, rows);
        Set<String> marked = new HashSet<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 1) {
                marked.add(claimed.get(i).id());
            }
        }
        return marked;
    }

    @Override
    public boolean markDropped(OutboxEntry claimed, Instant now) {
        return sql.update("UPDATE latchkey_outbox SET state = 'dropped'" + FENCE, claimed.id(), claimed.claim()) == 1;
    }

    @Override
    public boolean scheduleRetry(OutboxEntry claimed, int attempts, Instant nextAttemptAt) {
        return sql.update("UPDATE latchkey_outbox SET attempts = ?, next_attempt_at = ?, leased_until = NULL" + FENCE,
                attempts, nextAttemptAt, claimed.id(), claimed.claim()) == 1;
    }

    @Override
    public boolean markAbandoned(OutboxEntry claimed, int attempts, Instant now) {
        return sql.update(FINISH, OutboxState.ABANDONED.key(), attempts, claimed.id(), claimed.claim()) == 1;
    }

    @Override
    public int purgeWebhookCalls(Instant before, int batchSize) {
        return sql.update(purgeWebhookCalls, before, batchSize);
    }

    @Override
    public List<OutboxEntry> findByChallenge(RequestId challengeId) {
        return sql.list("SELECT " + COLUMNS + " FROM latchkey_outbox WHERE challenge_id = ?"
                + " ORDER BY requested_at, next_attempt_at", JdbcOutboxStore::entry, challengeId.value());
    }

    private static OutboxEntry entry(ResultSet row) throws SQLException {
        String challengeId = row.getString("challenge_id");
        String webhookUrl = row.getString("webhook_url");
        return new OutboxEntry(row.getString("id"), challengeId == null ? null : new RequestId(challengeId),
                Sql.identifier(row, "channel", "recipient"),
                new RequesterContext(row.getString("requester_ip"), row.getString("requester_agent")),
                Sql.instant(row, "requested_at"), OutboxKind.fromKey(row.getString("kind")), OutboxState.fromKey(row.getString("state")),
                row.getInt("attempts"), Sql.instant(row, "next_attempt_at"), row.getInt("claim"),
                webhookUrl == null ? null : new OutboxEntry.WebhookCall(URI.create(webhookUrl),
                        Objects.requireNonNull(row.getString("webhook_body"), "webhook_body")));
    }
}
