package dev.latchkey.jdbc;

import dev.latchkey.core.challenge.AuthMethod;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.session.ApiSession;
import dev.latchkey.core.session.RefreshToken;
import dev.latchkey.core.spi.ApiSessionStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Sessions in {@code latchkey_api_session}, refresh-token digests in {@code latchkey_refresh_token}.
 * A rotation is decided by one conditional {@code UPDATE}'s row count, so of concurrent refreshes
 * with one token, across processes, exactly one inserts a successor; purging deletes bounded batches
 * along the expiry index.
 */
public final class JdbcApiSessionStore implements ApiSessionStore {
    private static final String SELECT_SESSION = "SELECT id, user_id, method, created_at, revoked_at"
            + " FROM latchkey_api_session";
    private static final String INSERT_TOKEN = Tables.insert(Tables.TOKEN, Tables.TOKEN_COLUMNS);
    // The session check rides in the token's statement, leaving no read-then-write gap. A revocation
    // committed during it may still let this one rotation through; the successor then fails, as its session is revoked.
    private static final String ROTATE = "UPDATE latchkey_refresh_token SET rotated_at = ?"
            + " WHERE digest = ? AND session_id = ? AND rotated_at IS NULL AND expires_at > ?"
            + " AND EXISTS (SELECT 1 FROM latchkey_api_session s"
            + " WHERE s.id = latchkey_refresh_token.session_id AND s.revoked_at IS NULL)";

    private final Sql sql;
    private final String purge;
    private final String purgeEnded;

    public JdbcApiSessionStore(JdbcTransactions transactions) {
        this.sql = new Sql(transactions);
        this.purge = transactions.dialect().boundedDelete("latchkey_refresh_token", "digest", "expires_at <= ?",
                "expires_at");
        this.purgeEnded = transactions.dialect().boundedDelete("latchkey_api_session", "id",
                "(revoked_at <= ? OR (created_at <= ? AND NOT EXISTS (SELECT 1 FROM latchkey_refresh_token r"
                        + " WHERE r.session_id = latchkey_api_session.id)))", "created_at");
    }

    @Override
    public void create(ApiSession session, RefreshToken first) {
        if (!first.sessionId().equals(session.id())) {
            throw new IllegalArgumentException("the first refresh token must belong to the session it starts");
        }
        sql.inTransaction(() -> {
            sql.update(Tables.insert(Tables.SESSION, Tables.SESSION_COLUMNS), Tables.session(session));
            insertToken(first);
            return null;
        });
    }

    @Override
    public Optional<ApiSession> findSession(String id) {
        return sql.first(SELECT_SESSION + " WHERE id = ?", JdbcApiSessionStore::session, id);
    }

    @Override
    public Optional<RefreshToken> findRefreshToken(Collection<Digest> candidates) {
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        return sql.first("SELECT digest, session_id, issued_at, expires_at, rotated_at FROM latchkey_refresh_token"
                        + " WHERE digest IN (" + Sql.placeholders(candidates.size()) + ")",
                JdbcApiSessionStore::refreshToken, candidates.toArray());
    }

    @Override
    public boolean rotate(Digest used, RefreshToken next, Instant now) {
        // MariaDB may pick one of many racing rotations as a deadlock victim; its second try finds the token rotated.
        return sql.againIfDeadlockVictim(() -> sql.inTransaction(() -> {
            if (sql.update(ROTATE, now, used, next.sessionId(), now) != 1) {
                return false;
            }
            insertToken(next);
            return true;
        }));
    }

    @Override
    public boolean revoke(String sessionId, Instant now) {
        return sql.update("UPDATE latchkey_api_session SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                now, sessionId) == 1;
    }

    @Override
    public int deleteAll(UserId user) {
        // Refresh tokens go with their session (ON DELETE CASCADE).
        return sql.update("DELETE FROM latchkey_api_session WHERE user_id = ?", user.value());
    }

    @Override
    public int revokeAll(UserId user, @Nullable String keep, Instant now) {
        List<Object> params = new ArrayList<>(List.of(now, user.value()));
        String except = "";
        if (keep != null) {
            except = " AND id <> ?";
            params.add(keep);
        }
        return sql.update("UPDATE latchkey_api_session SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL"
                + except, params.toArray());
    }

    @Override
    public int purgeExpired(Instant before, int batchSize) {
        return sql.update(purge, before, batchSize);
    }

    @Override
    public int purgeEnded(Instant before, int batchSize) {
        return sql.update(purgeEnded, before, before, batchSize);
    }

    private void insertToken(RefreshToken token) {
        sql.update(INSERT_TOKEN, Tables.token(token));
    }

    private static ApiSession session(ResultSet row) throws SQLException {
        return new ApiSession(row.getString("id"), new UserId(row.getString("user_id")),
                AuthMethod.valueOf(row.getString("method").toUpperCase(Locale.ROOT)), Sql.instant(row, "created_at"),
                Sql.nullableInstant(row, "revoked_at"));
    }

    private static RefreshToken refreshToken(ResultSet row) throws SQLException {
        return new RefreshToken(Objects.requireNonNull(Sql.digest(row, "digest")), row.getString("session_id"),
                Sql.instant(row, "issued_at"), Sql.instant(row, "expires_at"), Sql.nullableInstant(row, "rotated_at"));
    }
}
