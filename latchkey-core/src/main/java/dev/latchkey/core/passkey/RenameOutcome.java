package dev.latchkey.core.passkey;

/** What renaming a passkey decided. */
public enum RenameOutcome {
    /** The passkey has its new label. */
    RENAMED,
    /** The user has no passkey with this id. */
    NOT_FOUND,
    /** The label is empty, too long or holds control characters. */
    INVALID_LABEL
}
