package dev.latchkey.jdbc;

import static dev.latchkey.core.spi.Challenges.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.spi.Challenges;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SPEC §2 rule 6: two instances purging a large table in bounded batches neither deadlock nor
 * block a redemption running beside them.
 */
class PostgresPurgeTest {
    private static final int EXPIRED = 100_000;
    private static final int BATCH = 1_000;

    private final Instant now = Instant.parse("2030-01-01T09:00:00Z");

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void purgeExpiredWhenHundredThousandExpiredThenTwoPurgersRemoveAllWhileLiveChallengeIsRedeemed() throws Exception {
        TestStores db = TestDatabases.postgres();
        JdbcChallengeStore store = db.challenges();
        insertExpired(db);
        Challenge live = Challenges.pending(ALICE, now, Duration.ofMinutes(10));
        store.insert(live);
        CountDownLatch start = new CountDownLatch(1);
        // Own threads: the common pool may have a single worker on a small machine, which would serialise the race.
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            CompletableFuture<Integer> firstPurger = CompletableFuture.supplyAsync(() -> purgeAll(store, start), threads);
            CompletableFuture<Integer> secondPurger = CompletableFuture.supplyAsync(() -> purgeAll(store, start), threads);
            CompletableFuture<Boolean> redeemed = CompletableFuture.supplyAsync(() -> {
                await(start);
                return store.spendUse(live.id(), now);
            }, threads);
            start.countDown();

            assertThat(redeemed.get()).isTrue();
            assertThat(firstPurger.get() + secondPurger.get()).isEqualTo(EXPIRED);
            assertThat(count(db)).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
    }

    /** One instance's purge job: batches until one comes back short. */
    private int purgeAll(JdbcChallengeStore store, CountDownLatch start) {
        await(start);
        int total = 0;
        int deleted;
        do {
            deleted = store.purgeExpired(now, BATCH);
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }

    private void insertExpired(TestStores db) throws SQLException {
        try (Connection connection = db.dataSource().getConnection()) {
            Sql.execute(connection, "INSERT INTO latchkey_challenge (id, purpose, channel, identifier, requester_ip,"
                    + " created_at, expires_at, attempts, uses, max_uses, state)"
                    + " SELECT 'expired-' || g, 'login', 'email', 'user' || g || '@example.com', '127.0.0.1', ?, ?,"
                    + " 0, 0, 1, 'pending' FROM generate_series(1, " + EXPIRED + ") g",
                    now.minus(Duration.ofHours(1)), now.minus(Duration.ofMinutes(50)));
        }
    }

    private static long count(TestStores db) throws SQLException {
        try (Connection connection = db.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM latchkey_challenge")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
