package dev.latchkey.core.audit;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Fans an event out to the audit trail, if there is one, and to every listener. A failing listener
 * is logged and skipped: auditing never breaks a sign-in. Events log with masked identifiers and
 * hold no token or code.
 *
 * <p>The trail is the listeners that persist events: the audit rows, and the webhook calls queued
 * in the outbox (SPEC §13). Use cases publish inside the transaction they
 * describe, so its row commits with the change (SPEC §7); a store that wrote the row itself, in the
 * same statement as the change, only {@linkplain #announce announces} the event afterwards.
 */
public final class EventPublisher {
    private static final System.Logger LOG = System.getLogger("dev.latchkey.audit");

    private final List<LatchkeyEventListener> trail;
    private final List<LatchkeyEventListener> listeners;

    public EventPublisher(List<LatchkeyEventListener> listeners) {
        this(List.of(), listeners);
    }

    /** @param trail persists each event, or null when none are kept */
    public EventPublisher(@Nullable LatchkeyEventListener trail, List<LatchkeyEventListener> listeners) {
        this(trail == null ? List.of() : List.of(trail), listeners);
    }

    /** @param trail persist each event, in order, each on its own: one that fails does not stop the next */
    public EventPublisher(List<LatchkeyEventListener> trail, List<LatchkeyEventListener> listeners) {
        this.trail = List.copyOf(trail);
        this.listeners = List.copyOf(listeners);
    }

    /** Persists the event in the trail and tells the listeners. */
    public void publish(AuditEvent event) {
        persist(event);
        announce(event);
    }

    /** Persists the event in the trail only. */
    public void persist(AuditEvent event) {
        for (LatchkeyEventListener persisting : trail) {
            deliver(persisting, event);
        }
    }

    /** Tells the listeners of an event whose row is already written. */
    public void announce(AuditEvent event) {
        LOG.log(System.Logger.Level.DEBUG, event);
        for (LatchkeyEventListener listener : listeners) {
            deliver(listener, event);
        }
    }

    private static void deliver(LatchkeyEventListener listener, AuditEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "audit listener " + listener.getClass().getName()
                    + " failed on " + event.type() + ": " + e.getClass().getSimpleName());
        }
    }
}
