package dev.latchkey.core.throttle;

/**
 * The throttle store failed and {@code latchkey.throttle.on-backend-failure=fail-closed}: the engine
 * turns this into an {@code Unavailable} outcome; it never reaches adapters.
 */
public final class ThrottleUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ThrottleUnavailableException(RuntimeException cause) {
        super("the throttle store is unavailable", cause);
    }
}
