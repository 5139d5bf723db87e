package dev.latchkey.jdbc;

import dev.latchkey.core.audit.AuditEvent;
import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.audit.AuditQuery;
import dev.latchkey.core.audit.RecordedEvent;
import dev.latchkey.core.identity.Identifier;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.spi.AuditEventStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jspecify.annotations.Nullable;

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
        return sql.list("SELECT " + Tables.AUDIT_COLUMNS + " FROM latchkey_audit_event ORDER BY occurred_at DESC, id DESC"
                + " LIMIT ?", JdbcAuditEventStore::event, limit);
    }

    @Override
    public List<RecordedEvent> find(AuditQuery query) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<@Nullable Object> params = new ArrayList<>();
        if (query.user() != null) {
            where.append(" AND user_id = ?");
            params.add(query.user().value());
        }
        if (query.type() != null) {
            where.append(" AND type = ?");
            params.add(query.type().name());
        }
        AuditQuery.Position after = query.after();
        if (after != null) {
            where.append(" AND (occurred_at < ? OR occurred_at = ? AND id < ?)");
            params.add(after.at());
            params.add(after.at());
            params.add(after.id());
        }
        params.add(query.limit());
        return sql.list("SELECT id, " + Tables.AUDIT_COLUMNS + " FROM latchkey_audit_event" + where
                + " ORDER BY occurred_at DESC, id DESC LIMIT ?",
                row -> new RecordedEvent(row.getLong("id"), event(row)), params.toArray());
    }

    @Override
    public int erase(UserId user, Collection<? extends Identifier> identifiers) {
        Sql.Condition named = Sql.ofUserOrAddress(user, identifiers);
        return sql.update("UPDATE latchkey_audit_event SET channel = NULL, identifier = NULL, ip = NULL,"
                + " user_agent = NULL WHERE " + named.sql(), named.params());
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
                row.getString("reason"), row.getString("client_id"));
    }
}
