package dev.latchkey.core.challenge;

import java.util.Locale;

/** What a challenge is for. It is part of every digest, so a token for one purpose never serves another. */
public enum Purpose {
    LOGIN,
    CHANGE_EMAIL,
    /**
     * Only anchors a notice in the outbox, e.g. "a passkey was added": it is stored consumed, with no
     * link or code, so nothing can ever redeem it.
     */
    NOTICE;

    /** The lower-case name stored and digested, e.g. {@code change_email}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Purpose fromKey(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}
