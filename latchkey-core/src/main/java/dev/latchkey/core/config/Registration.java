package dev.latchkey.core.config;

/** What happens to an identifier that has no account yet. */
public enum Registration {
    /** The account is created at the identifier's first successful sign-in. */
    OPEN,
    /** A decoy challenge is written, so responses and timing match, and no message is sent. */
    CLOSED
}
