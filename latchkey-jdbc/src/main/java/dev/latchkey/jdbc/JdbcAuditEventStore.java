package dev.latchkey.jdbc;

import dev.latchkey.core.audit.AuditEvent;
import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.spi.AuditEventStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** The audit trail in {@code latchkey_audit_event}, purged in bounded batches along its time index. */
public final class JdbcAuditEventStore implements AuditEventStore {
    private final Sql sql;
    private final String purge;

    public JdbcAuditEventStore(JdbcTransactions transactions) {
        this.sql = new Sql(transactions);
        this.purge = transactions.dialect().boundedDelete("latchkey_audit_event", "id", "occurred_at < ?",
                "occurred_at");
    }

    @Override
    public void append(AuditEvent e) {
        sql.update(Tables.insert(Tables.AUDIT, Tables.AUDIT_COLUMNS), Tables.audit(e));
    }

    @Override
    public List<AuditEvent> findRecent(int limit) {
        return sql.list("SELECT type, user_id, channel, identifier, ip, user_agent, occurred_at, reason"
                + " FROM latchkey_audit_event ORDER BY occurred_at DESC, id DESC LIMIT ?", JdbcAuditEventStore::event,
                limit);
    }

    @Override
    public int purgeOlderThan(Instant before, int batchSize) {
        return sql.update(purge, before, batchSize);
    }

    private static AuditEvent event(ResultSet row) throws SQLException {
        String userId = row.getString("user_id");
        return new AuditEvent(AuditEventType.valueOf(row.getString("type")),
                userId == null ? null : new UserId(userId), Sql.identifier(row, "channel", "identifier"),
                row.getString("ip"), row.getString("user_agent"), Sql.instant(row, "occurred_at"),
                row.getString("reason"));
    }
}
