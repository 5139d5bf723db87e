package dev.latchkey.core.delivery;

import java.util.Locale;

/** What an outbox entry sends. */
public enum OutboxKind {
    /** The link and code of its challenge, minted at send time. */
    MESSAGE,
    /** Written like a message for an unknown identifier with registration closed, then dropped unsent. */
    DECOY,
    /** A notice to the previous address that the account's email changed; it carries no secret. */
    EMAIL_CHANGED_NOTICE,
    /** A notice to the account's address that a passkey was added (SPEC §10); it carries no secret. */
    PASSKEY_ADDED_NOTICE,
    /** A signed POST of one audit event to a configured webhook (SPEC §13); it has no challenge or recipient. */
    WEBHOOK;

    /** Whether it is a notice: it follows a spent or anchoring challenge and carries no link or code. */
    public boolean notice() {
        return this == EMAIL_CHANGED_NOTICE || this == PASSKEY_ADDED_NOTICE;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OutboxKind fromKey(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}
