package dev.latchkey.core.identity;

import java.util.Locale;

/** Where a message goes. */
public enum Channel {
    EMAIL,
    SMS;

    /** The lower-case name used in settings and metrics, e.g. {@code email}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
