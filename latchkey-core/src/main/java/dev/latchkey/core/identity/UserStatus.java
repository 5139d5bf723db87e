package dev.latchkey.core.identity;

/** Whether an account may sign in. Nothing in Latchkey turns a disabled account active again. */
public enum UserStatus {
    ACTIVE,
    DISABLED
}
