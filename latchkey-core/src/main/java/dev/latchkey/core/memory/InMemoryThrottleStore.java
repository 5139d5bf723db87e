package dev.latchkey.core.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.latchkey.core.config.Rate;
import dev.latchkey.core.spi.ThrottleStore;
import dev.latchkey.core.throttle.ThrottleDecision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Windows in a Caffeine cache, one small entry per active key. Each entry expires when its window
 * ends (by the store's clock), and the cache holds at most {@code maximumSize} keys, so neither
 * many keys nor a burst of new ones makes a request scan or grow the store without bound.
 */
public final class InMemoryThrottleStore implements ThrottleStore {
    /** Keys held at most by default: about 10 MB, far more clients than one instance serves in a window. */
    public static final long DEFAULT_MAXIMUM_SIZE = 100_000;

    private final Cache<String, Window> windows;

    private record Window(Instant end, int hits) {}

    /** A store on the system clock holding at most {@link #DEFAULT_MAXIMUM_SIZE} keys. */
    public InMemoryThrottleStore() {
        this(Clock.systemUTC(), DEFAULT_MAXIMUM_SIZE);
    }

    /**
     * A store whose windows expire by {@code clock}, the clock that also gives the {@code now} of
     * each call, holding at most {@code maximumSize} keys.
     */
    public InMemoryThrottleStore(Clock clock, long maximumSize) {
        if (maximumSize < 1) {
            throw new IllegalArgumentException("maximumSize must be at least 1 (was " + maximumSize + ")");
        }
        Ticker ticker = () -> nanos(clock.instant());
        this.windows = Caffeine.newBuilder()
                .ticker(ticker)
                .maximumSize(maximumSize)
                .expireAfter(new UntilWindowEnds())
                .build();
    }

    @Override
    public ThrottleDecision hit(String key, Rate rate, Instant now) {
        AtomicReference<ThrottleDecision> decision = new AtomicReference<>();
        windows.asMap().compute(key, (k, current) -> {
            Window window = current == null || !current.end().isAfter(now) ? new Window(now.plus(rate.window()), 0) : current;
            if (window.hits() >= rate.count()) {
                decision.set(new ThrottleDecision.Refused(Duration.between(now, window.end())));
                return window;
            }
            decision.set(new ThrottleDecision.Allowed(rate.count() - window.hits() - 1));
            return new Window(window.end(), window.hits() + 1);
        });
        return decision.get();
    }

    @Override
    public ThrottleDecision check(String key, Rate rate, Instant now) {
        Window window = windows.getIfPresent(key);
        if (window == null || !window.end().isAfter(now)) {
            return new ThrottleDecision.Allowed(rate.count());
        }
        if (window.hits() >= rate.count()) {
            return new ThrottleDecision.Refused(Duration.between(now, window.end()));
        }
        return new ThrottleDecision.Allowed(rate.count() - window.hits());
    }

    @Override
    public void reset(String key) {
        windows.invalidate(key);
    }

    /**
     * Removes windows ended by {@code now} that the cache has not expired yet, which happens only
     * when {@code now} runs ahead of the store's clock; returns how many.
     */
    @Override
    public int purgeExpired(Instant now) {
        int[] removed = {0};
        windows.asMap().values().removeIf(w -> {
            boolean ended = !w.end().isAfter(now);
            if (ended) {
                removed[0]++;
            }
            return ended;
        });
        windows.cleanUp();
        return removed[0];
    }

    /** Keys held, for tests of bounded memory. */
    public long size() {
        windows.cleanUp();
        return windows.estimatedSize();
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    /** An entry lives until its window's end, however it was last written or read. */
    private static final class UntilWindowEnds implements Expiry<String, Window> {
        @Override
        public long expireAfterCreate(String key, Window window, long currentTime) {
            return Math.max(0, nanos(window.end()) - currentTime);
        }

        @Override
        public long expireAfterUpdate(String key, Window window, long currentTime, long currentDuration) {
            return Math.max(0, nanos(window.end()) - currentTime);
        }

        @Override
        public long expireAfterRead(String key, Window window, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
