package dev.latchkey.core.delivery;

import java.util.Locale;

/** Where an outbox entry is in its life. */
public enum OutboxState {
    PENDING,
    SENT,
    /** Nothing to send: a decoy, or a challenge that stopped being pending before it was sent. */
    DROPPED,
    /** Every allowed send failed. */
    ABANDONED;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OutboxState fromKey(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}
