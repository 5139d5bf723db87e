package dev.latchkey.core.spi;

import dev.latchkey.core.config.Rate;
import dev.latchkey.core.throttle.ThrottleDecision;
import dev.latchkey.core.throttle.ThrottleWindow;
import java.time.Instant;
import java.util.List;

/**
 * Counts events per key in windows that open at a key's first event and last {@code rate.window()};
 * a full window refuses until it ends. Keys are opaque to the store. Each call is atomic per key,
 * also across processes sharing the store.
 */
public interface ThrottleStore {

    /**
     * Counts one event when the key's window has room and returns {@code Allowed} with what is
     * left; returns {@code Refused} with the time until the window ends, counting nothing, when full.
     */
    ThrottleDecision hit(String key, Rate rate, Instant now);

    /**
     * Hits each window in order and stops at the first that refuses, returning its decision;
     * returns the last window's decision when all allow. The same as consecutive {@link #hit}
     * calls, which is what this default does; a store may make it one unit of work.
     */
    default ThrottleDecision hitInOrder(List<ThrottleWindow> windows, Instant now) {
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("no window to hit");
        }
        ThrottleDecision decision = null;
        for (ThrottleWindow window : windows) {
            decision = hit(window.key(), window.rate(), now);
            if (decision instanceof ThrottleDecision.Refused) {
                return decision;
            }
        }
        return decision;
    }

    /**
     * Whether calls made inside a transaction of {@code transactions} join it, so hits commit or roll back
     * with the writes they guard and a request costs one commit (SPEC §8). A store in another system
     * (memory, Redis) cannot, which is this default.
     */
    default boolean joins(Transactions transactions) {
        return false;
    }

    /** Whether the key's window is full, without counting anything. */
    ThrottleDecision check(String key, Rate rate, Instant now);

    /** Forgets the key's window, e.g. failures after a successful sign-in. */
    void reset(String key);

    /** Removes windows that ended at or before {@code now}; returns how many. Keeps storage bounded. */
    int purgeExpired(Instant now);
}
