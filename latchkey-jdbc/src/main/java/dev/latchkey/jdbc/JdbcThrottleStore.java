package dev.latchkey.jdbc;

import dev.latchkey.core.config.Rate;
import dev.latchkey.core.spi.ThrottleStore;
import dev.latchkey.core.throttle.ThrottleDecision;
import dev.latchkey.core.throttle.ThrottleWindow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Throttle windows in {@code latchkey_throttle}, one row per key. A hit locks its key's row
 * ({@code SELECT ... FOR UPDATE}) for the read-decide-write, so it is atomic across processes.
 */
public final class JdbcThrottleStore implements ThrottleStore {
    private static final String SELECT = "SELECT window_end, hits FROM latchkey_throttle WHERE throttle_key = ?";
    /** Purges running between creating a key's row and locking it are the only reason to go round again. */
    private static final int MAX_TRIES = 3;
    /**
     * PostgreSQL decides a hit in one statement (one commit instead of up to three): a fresh or ended
     * window restarts at 1, a window with room counts one more, and a full one is marked by
     * {@code limit + 1} without moving its end, which tells a refusal from the hit that filled it.
     */
    static final String UPSERT_INTO = "INSERT INTO latchkey_throttle AS t (throttle_key, window_end, hits)";
    /** Takes {@code now, limit, limit + 1, now}; see {@link #upsertParams}. */
    static final String ON_CONFLICT_HIT = " ON CONFLICT (throttle_key) DO UPDATE SET"
            + " hits = CASE WHEN t.window_end <= ? THEN 1 WHEN t.hits < ? THEN t.hits + 1 ELSE ? END,"
            + " window_end = CASE WHEN t.window_end <= ? THEN EXCLUDED.window_end ELSE t.window_end END"
            + " RETURNING window_end, hits";
    private static final String UPSERT_HIT = UPSERT_INTO + " VALUES (?, ?, 1)" + ON_CONFLICT_HIT;

    private final Sql sql;

    public JdbcThrottleStore(JdbcTransactions transactions) {
        this.sql = new Sql(transactions);
    }

    record Window(Instant end, int hits) {
        boolean endedAt(Instant now) {
            return !end.isAfter(now);
        }
    }

    @Override
    public ThrottleDecision hit(String key, Rate rate, Instant now) {
        if (sql.dialect() == Dialect.POSTGRESQL) {
            Window window = sql.first(UPSERT_HIT, JdbcThrottleStore::window, key, now.plus(rate.window()), now,
                    rate.count(), rate.count() + 1, now).orElseThrow();
            return upserted(window, rate, now);
        }
        for (int i = 0; i < MAX_TRIES; i++) {
            Optional<ThrottleDecision> decision = sql.inTransaction(() -> sql.first(SELECT + " FOR UPDATE",
                    JdbcThrottleStore::window, key).map(window -> count(key, window, rate, now)));
            if (decision.isPresent()) {
                return decision.get();
            }
            // An ended window, so the next hit opens a fresh one. Created outside the locking transaction,
            // because on MariaDB two transactions inserting into a gap they both locked deadlock.
            sql.updateUnlessDuplicate("INSERT INTO latchkey_throttle (throttle_key, window_end, hits) VALUES (?, ?, 0)",
                    key, now);
        }
        throw new IllegalStateException("throttle window for one key vanished " + MAX_TRIES + " times while being hit");
    }

    /**
     * On PostgreSQL the windows share one transaction, so a request costs one commit rather than one
     * per window. Each hit there is a single statement and the windows are always hit in the same
     * order, so two requests never wait on each other in a cycle. Elsewhere a hit may go round again
     * after a lost race, which needs its own transactions.
     */
    @Override
    public ThrottleDecision hitInOrder(List<ThrottleWindow> windows, Instant now) {
        if (sql.dialect() == Dialect.POSTGRESQL) {
            return sql.inTransaction(() -> ThrottleStore.super.hitInOrder(windows, now));
        }
        return ThrottleStore.super.hitInOrder(windows, now);
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

    private ThrottleDecision count(String key, Window locked, Rate rate, Instant now) {
        Window window = locked.endedAt(now) ? new Window(now.plus(rate.window()), 0) : locked;
        ThrottleDecision decision = decide(window, rate, now, 1);
        if (decision instanceof ThrottleDecision.Allowed) {
            sql.update("UPDATE latchkey_throttle SET window_end = ?, hits = ? WHERE throttle_key = ?",
                    window.end(), window.hits() + 1, key);
        }
        return decision;
    }

    /** The parameters of {@link #ON_CONFLICT_HIT} for a window of {@code rate} hit at {@code now}. */
    static Object[] upsertParams(Rate rate, Instant now) {
        return new Object[] {now, rate.count(), rate.count() + 1, now};
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
