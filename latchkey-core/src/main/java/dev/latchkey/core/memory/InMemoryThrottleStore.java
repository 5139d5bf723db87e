package dev.latchkey.core.memory;

import dev.latchkey.core.config.Rate;
import dev.latchkey.core.spi.ThrottleStore;
import dev.latchkey.core.throttle.ThrottleDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Windows in a map, one small entry per active key. Ended windows are swept whenever the map
 * grows past {@code sweepThreshold}, so memory follows the number of keys active in the longest
 * window, not the number ever seen.
 */
public final class InMemoryThrottleStore implements ThrottleStore {
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final int sweepThreshold;

    private record Window(Instant end, int hits) {}

    public InMemoryThrottleStore() {
        this(10_000);
    }

    /** A store that sweeps ended windows once it holds more than {@code sweepThreshold} keys. */
    public InMemoryThrottleStore(int sweepThreshold) {
        this.sweepThreshold = sweepThreshold;
    }

    @Override
    public ThrottleDecision hit(String key, Rate rate, Instant now) {
        AtomicReference<ThrottleDecision> decision = new AtomicReference<>();
        windows.compute(key, (k, current) -> {
            Window window = current == null || !current.end().isAfter(now) ? new Window(now.plus(rate.window()), 0) : current;
            if (window.hits() >= rate.count()) {
                decision.set(new ThrottleDecision.Refused(Duration.between(now, window.end())));
                return window;
            }
            decision.set(new ThrottleDecision.Allowed(rate.count() - window.hits() - 1));
            return new Window(window.end(), window.hits() + 1);
        });
        if (windows.size() > sweepThreshold) {
            purgeExpired(now);
        }
        return decision.get();
    }

    @Override
    public ThrottleDecision check(String key, Rate rate, Instant now) {
        Window window = windows.get(key);
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
        windows.remove(key);
    }

    @Override
    public int purgeExpired(Instant now) {
        int before = windows.size();
        windows.values().removeIf(w -> !w.end().isAfter(now));
        return Math.max(0, before - windows.size());
    }

    /** Keys held, for tests of bounded memory. */
    public int size() {
        return windows.size();
    }
}
