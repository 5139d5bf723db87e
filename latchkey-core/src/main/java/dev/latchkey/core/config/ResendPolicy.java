package dev.latchkey.core.config;

/** What a new request does to the identifier's older pending challenges. */
public enum ResendPolicy {
    /** Only the newest challenge stays valid; older pending ones are revoked. */
    ROTATE,
    /** Older challenges stay valid until they expire. */
    KEEP
}
