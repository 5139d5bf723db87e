package dev.latchkey.core.audit;

/**
 * Receives audit events as they happen, on the thread that caused them. A listener that throws
 * is logged and ignored: auditing never breaks a sign-in.
 */
@FunctionalInterface
public interface LatchkeyEventListener {

    void onEvent(AuditEvent event);
}
