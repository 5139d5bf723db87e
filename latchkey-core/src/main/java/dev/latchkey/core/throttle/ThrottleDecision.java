package dev.latchkey.core.throttle;

import java.time.Duration;

/** What a throttle said about one key. */
public sealed interface ThrottleDecision {

    /** The event fits; {@code remaining} more fit in the current window. */
    record Allowed(int remaining) implements ThrottleDecision {}

    /** The window is full; try again after {@code retryAfter}. */
    record Refused(Duration retryAfter) implements ThrottleDecision {}
}
