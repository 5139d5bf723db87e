package dev.latchkey.core.identity;

/** Whether an account may sign in. Nothing automatic turns a disabled account active again; only an admin can (SPEC §12). */
public enum UserStatus {
    ACTIVE,
    DISABLED
}
