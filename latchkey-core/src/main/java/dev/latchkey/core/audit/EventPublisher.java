package dev.latchkey.core.audit;

import java.util.List;

/**
 * Fans an event out to every listener. A failing listener is logged and skipped: auditing never
 * breaks a sign-in. Events log with masked identifiers and hold no token or code.
 */
public final class EventPublisher {
    private static final System.Logger LOG = System.getLogger("dev.latchkey.audit");

    private final List<LatchkeyEventListener> listeners;

    public EventPublisher(List<LatchkeyEventListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    public void publish(AuditEvent event) {
        LOG.log(System.Logger.Level.DEBUG, event);
        for (LatchkeyEventListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "audit listener " + listener.getClass().getName()
                        + " failed on " + event.type() + ": " + e.getClass().getSimpleName());
            }
        }
    }
}
