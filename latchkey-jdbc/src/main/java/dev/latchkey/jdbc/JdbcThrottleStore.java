package dev.latchkey.jdbc;

import dev.latchkey.core.config.Rate;
import dev.latchkey.core.spi.ThrottleStore;
import dev.latchkey.core.spi.Transactions;
import dev.latchkey.core.throttle.ThrottleDecision;
import dev.latchkey.core.throttle.ThrottleWindow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Throttle windows in {@code latchkey_throttle}, one row per key. A hit is one upsert that decides
 * and counts under the row's lock (PostgreSQL returns the row; MariaDB and H2 read it back in the
 * same transaction), so it is atomic across processes and never locks a gap: it can run inside the
 * transaction of the writes it guards ({@link #joins}).
 */
public final class JdbcThrottleStore implements ThrottleStore {
    private static final String SELECT = "SELECT window_end, hits FROM latchkey_throttle WHERE throttle_key = ?";
    private static final int MAX_TRIES = 3;
    /**
     * A fresh or ended window restarts at 1, a window with room counts one more, and a full one is marked
     * by {@code limit + 1} without moving its end, which tells a refusal from the hit that filled it.
     * Takes {@code key, end} and then {@code now, limit, limit + 1, now}; see {@link #upsertParams}.
     */
    static final String UPSERT_INTO = "INSERT INTO latchkey_throttle AS t (throttle_key, window_end, hits)";
    static final String ON_CONFLICT_HIT = " ON CONFLICT (throttle_key) DO UPDATE SET"
            + " hits = CASE WHEN t.window_end <= ? THEN 1 WHEN t.hits < ? THEN t.hits + 1 ELSE ? END,"
            + " window_end = CASE WHEN t.window_end <= ? THEN EXCLUDED.window_end ELSE t.window_end END"
            + " RETURNING window_end, hits";
    private static final String POSTGRES_HIT = UPSERT_INTO + " VALUES (?, ?, 1)" + ON_CONFLICT_HIT;
    /** MariaDB assigns left to right, so {@code hits} is decided on the old {@code window_end} before it moves. */
    private static final String MARIADB_HIT = "INSERT INTO latchkey_throttle (throttle_key, window_end, hits)"
            + " VALUES (?, ?, 1) ON DUPLICATE KEY UPDATE"
            + " hits = CASE WHEN window_end <= ? THEN 1 WHEN hits < ? THEN hits + 1 ELSE ? END,"
            + " window_end = CASE WHEN window_end <= ? THEN VALUES(window_end) ELSE window_end END";
    private static final String H2_HIT = "MERGE INTO latchkey_throttle t"
            + " USING (VALUES (CAST(? AS VARCHAR(255)), CAST(? AS TIMESTAMP(6)))) AS s (throttle_key, window_end)"
            + " ON t.throttle_key = s.throttle_key WHEN MATCHED THEN UPDATE SET"
            + " hits = CASE WHEN t.window_end <= ? THEN 1 WHEN t.hits < ? THEN t.hits + 1 ELSE ? END,"
            + " window_end = CASE WHEN t.window_end <= ? THEN s.window_end ELSE t.window_end END"
            + " WHEN NOT MATCHED THEN INSERT (throttle_key, window_end, hits) VALUES (s.throttle_key, s.window_end, 1)";

    private final JdbcTransactions transactions;
    private final Sql sql;

    public JdbcThrottleStore(JdbcTransactions transactions) {
        this.transactions = transactions;
        this.sql = new Sql(transactions);
    }

    record Window(Instant end, int hits) {
        boolean endedAt(Instant now) {
            return !end.isAfter(now);
        }
    }

    @Override
    public ThrottleDecision hit(String key, Rate rate, Instant now) {
        Object[] params = hitParams(key, rate, now);
        Window window = switch (sql.dialect()) {
            case POSTGRESQL -> sql.first(POSTGRES_HIT, JdbcThrottleStore::window, params).orElseThrow();
            case MARIADB -> sql.againIfDeadlockVictim(() -> sql.inTransaction(() -> {
                sql.update(MARIADB_HIT, params);
                return read(key);
            }));
            case H2 -> sql.inTransaction(() -> {
                merge(params);
                return read(key);
            });
        };
        return upserted(window, rate, now);
    }

    /**
     * All windows in one transaction, so a request costs one commit rather than one per window. Each hit
     * locks only its own row and the windows are always hit in the same order, so two requests never
     * wait on each other in a cycle.
     */
    @Override
    public ThrottleDecision hitInOrder(List<ThrottleWindow> windows, Instant now) {
        return sql.inTransaction(() -> ThrottleStore.super.hitInOrder(windows, now));
    }

    /** Calls made inside a transaction of {@code transactions} are part of it. */
    @Override
    public boolean joins(Transactions transactions) {
        return transactions == this.transactions;
    }

    @Override
    public ThrottleDecision check(String key, Rate rate, Instant now) {
        Optional<Window> window = sql.first(SELECT, JdbcThrottleStore::window, key);
        if (window.isEmpty() || window.get().endedAt(now)) {
            return new ThrottleDecision.Allowed(rate.count());
        }
        return decide(window.get(), rate, now, 0);
    }

    @Override
    public void reset(String key) {
        sql.update("DELETE FROM latchkey_throttle WHERE throttle_key = ?", key);
    }

    @Override
    public int purgeExpired(Instant now) {
        return sql.update("DELETE FROM latchkey_throttle WHERE window_end <= ?", now);
    }

    /** The parameters of {@link #ON_CONFLICT_HIT} for a window of {@code rate} hit at {@code now}. */
    static Object[] upsertParams(Rate rate, Instant now) {
        return new Object[] {now, rate.count(), rate.count() + 1, now};
    }

    private static Object[] hitParams(String key, Rate rate, Instant now) {
        return Stream.concat(Stream.of(key, now.plus(rate.window())), Arrays.stream(upsertParams(rate, now))).toArray();
    }

    /** H2 may refuse one of two racing first writers of a key by the key; the next try counts on the winner's row. */
    private void merge(Object[] params) {
        for (int tries = 1; sql.updateUnlessDuplicate(H2_HIT, params).isEmpty(); tries++) {
            if (tries == MAX_TRIES) {
                throw new IllegalStateException("throttle window refused by its own key " + MAX_TRIES + " times");
            }
        }
    }

    /** The row this transaction's hit just wrote, read under the lock the hit holds. */
    private Window read(String key) {
        return sql.first(SELECT + " FOR UPDATE", JdbcThrottleStore::window, key).orElseThrow();
    }

    /** What a PostgreSQL upsert's row says: {@code limit + 1} hits marks a refusal (see {@link #ON_CONFLICT_HIT}). */
    static ThrottleDecision upserted(Window window, Rate rate, Instant now) {
        return window.hits() > rate.count()
                ? new ThrottleDecision.Refused(Duration.between(now, window.end()))
                : new ThrottleDecision.Allowed(rate.count() - window.hits());
    }

    /** Refused when the window is full, else allowed with what is left after {@code counting} more events. */
    private static ThrottleDecision decide(Window window, Rate rate, Instant now, int counting) {
        if (window.hits() >= rate.count()) {
            return new ThrottleDecision.Refused(Duration.between(now, window.end()));
        }
        return new ThrottleDecision.Allowed(rate.count() - window.hits() - counting);
    }

    static Window window(ResultSet row) throws SQLException {
        return new Window(Sql.instant(row, "window_end"), row.getInt("hits"));
    }
}
