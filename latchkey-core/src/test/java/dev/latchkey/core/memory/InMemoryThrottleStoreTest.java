package dev.latchkey.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.config.Rate;
import dev.latchkey.core.spi.ThrottleStore;
import dev.latchkey.core.spi.ThrottleStoreContract;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemoryThrottleStoreTest extends ThrottleStoreContract {
    private static final Rate THIRTY_PER_HOUR = Rate.parse("30/1h");

    private final InMemoryThrottleStore store = new InMemoryThrottleStore(clock, InMemoryThrottleStore.DEFAULT_MAXIMUM_SIZE);

    @Override
    protected ThrottleStore store() {
        return store;
    }

    /** Caffeine expires a window by the store's clock as it ends, before any purge looks. */
    @Override
    protected boolean purgeRemovesEndedWindows() {
        return false;
    }

    /** Issue 11 item 12: a flood of fresh keys (one per spoofed address) must not grow the store past its bound. */
    @Test
    void hitWhenManyMoreKeysThanMaximumThenSizeStaysWithinBound() {
        InMemoryThrottleStore bounded = new InMemoryThrottleStore(clock, 1_000);

        for (int i = 0; i < 20_000; i++) {
            bounded.hit("request-ip:" + i, THIRTY_PER_HOUR, clock.instant());
        }

        assertThat(bounded.size()).isLessThanOrEqualTo(1_000);
    }

    @Test
    void sizeWhenClockPassesWindowEndThenEntriesExpiredWithoutPurge() {
        for (int i = 0; i < 100; i++) {
            store.hit("request-ip:" + i, THIRTY_PER_HOUR, clock.instant());
        }
        assertThat(store.size()).isEqualTo(100);

        clock.advance(Duration.ofHours(1));

        assertThat(store.size()).isZero();
    }
}
