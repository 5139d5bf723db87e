package dev.latchkey.core.challenge;

import java.util.Locale;

/** Where a challenge is in its life. Only {@code PENDING} can be redeemed. */
public enum ChallengeState {
    PENDING,
    /** Every allowed use was spent. */
    CONSUMED,
    /** A newer request or a successful sign-in replaced it. */
    REVOKED,
    /** The person said "This wasn't me". */
    DENIED,
    /** Too many wrong codes. */
    EXHAUSTED;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ChallengeState fromKey(String key) {
        return valueOf(key.toUpperCase(Locale.ROOT));
    }
}
