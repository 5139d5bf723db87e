package dev.latchkey.core.challenge;

/** What "This wasn't me" did. */
public enum DenyOutcome {
    /** The challenge is now denied: its link and code no longer work. */
    DENIED,
    /** No pending challenge has this link. */
    NOT_FOUND
}
