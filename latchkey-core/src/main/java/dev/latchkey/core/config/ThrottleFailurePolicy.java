package dev.latchkey.core.config;

/** What happens when the throttle store (e.g. Redis) cannot be reached. */
public enum ThrottleFailurePolicy {
    /** Refuse: requests and redemptions answer "unavailable" and nothing is sent. */
    FAIL_CLOSED,
    /** Proceed without throttling; each failure is published as {@code THROTTLE_BACKEND_FAILED}. */
    FAIL_OPEN
}
