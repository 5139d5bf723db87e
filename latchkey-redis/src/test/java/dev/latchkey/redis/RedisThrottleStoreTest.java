package dev.latchkey.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.config.Rate;
import dev.latchkey.core.spi.Race;
import dev.latchkey.core.spi.ThrottleStore;
import dev.latchkey.core.spi.ThrottleStoreContract;
import dev.latchkey.core.throttle.ThrottleDecision;
import dev.latchkey.core.throttle.ThrottleDecision.Allowed;
import dev.latchkey.core.throttle.ThrottleDecision.Refused;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedisThrottleStoreTest extends ThrottleStoreContract {
    private static final Rate THREE_PER_HOUR = Rate.parse("3/1h");

    /** Each test's keys live under their own prefix, so tests and concurrent builds never share a window. */
    private final String prefix = "latchkey-test:" + UUID.randomUUID() + ":";
    private RedisThrottleStore store;

    @BeforeEach
    void connect() {
        store = new RedisThrottleStore(TestRedis.connection(), prefix);
    }

    @AfterEach
    void deleteKeys() {
        if (store != null) {
            TestRedis.deleteKeys(prefix);
        }
    }

    @Override
    protected ThrottleStore store() {
        return store;
    }

    @Override
    protected boolean purgeRemovesEndedWindows() {
        return false;
    }

    @Test
    void hitWhenWindowOpensThenKeyExpiresNoLaterThanWindowEnd() {
        store.hit("k", THREE_PER_HOUR, clock.instant());
        assertThat(ttl("k")).isPositive().isLessThanOrEqualTo(Duration.ofHours(1));

        clock.advance(Duration.ofMinutes(10));
        store.hit("k", THREE_PER_HOUR, clock.instant());

        assertThat(ttl("k")).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(50));
    }

    @Test
    void checkWhenKeyUnknownThenWritesNothing() {
        store.check("k", THREE_PER_HOUR, clock.instant());

        assertThat(TestRedis.connection().sync().exists(prefix + "k")).isZero();
    }

    @Test
    void hitWhenRedisForgotTheScriptsThenLoadsThemAgain() {
        store.hit("k", THREE_PER_HOUR, clock.instant());

        // What a Redis restart or failover to a fresh replica does to cached scripts.
        TestRedis.connection().sync().scriptFlush();

        assertThat(store.hit("k", THREE_PER_HOUR, clock.instant())).isEqualTo(new Allowed(1));
        TestRedis.connection().sync().scriptFlush();
        assertThat(store.check("k", THREE_PER_HOUR, clock.instant())).isEqualTo(new Allowed(1));
    }

    @Test
    void hitWhenFiftyThreadsOnTwoInstancesShareKeyThenExactlyCountAllowed() throws Exception {
        Rate tenPerHour = Rate.parse("10/1h");
        try (StatefulRedisConnection<String, String> otherConnection = TestRedis.newConnection()) {
            List<ThrottleStore> instances = List.of(store, new RedisThrottleStore(otherConnection, prefix));
            AtomicInteger next = new AtomicInteger();

            List<ThrottleDecision> decisions = Race.run(50,
                    () -> instances.get(next.getAndIncrement() % 2).hit("race", tenPerHour, clock.instant()));

            assertThat(decisions).filteredOn(Allowed.class::isInstance).hasSize(10);
            assertThat(decisions).filteredOn(Allowed.class::isInstance).extracting(d -> ((Allowed) d).remaining())
                    .containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
            assertThat(instances.get(1).check("race", tenPerHour, clock.instant()))
                    .isEqualTo(new Refused(Duration.ofHours(1)));
        }
    }

    private Duration ttl(String key) {
        return Duration.ofMillis(TestRedis.connection().sync().pttl(prefix + key));
    }
}
