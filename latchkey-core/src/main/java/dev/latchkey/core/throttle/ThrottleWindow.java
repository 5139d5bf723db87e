package dev.latchkey.core.throttle;

import dev.latchkey.core.config.Rate;
import java.util.Objects;

/**
 * One window to count an event against: the store's key and the rate that limits it.
 *
 * @param key opaque to the store; never an address or IP in the clear
 * @param rate how many events the window holds and how long it lasts
 */
public record ThrottleWindow(String key, Rate rate) {
    public ThrottleWindow {
        Objects.requireNonNull(key, "key cannot be null");
        Objects.requireNonNull(rate, "rate cannot be null");
    }
}
