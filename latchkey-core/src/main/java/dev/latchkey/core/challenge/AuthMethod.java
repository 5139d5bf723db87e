package dev.latchkey.core.challenge;

import java.util.List;

/**
 * How a person proved who they are. A passkey sign-in has four variants so that an API session,
 * which stores only this value, can still name its {@code amr} at every refresh (SPEC §10).
 */
public enum AuthMethod {
    /** Opened the link. */
    LINK("link", "link"),
    /** Typed the code. */
    CODE("otp", "otp"),
    /** A synced (backup-eligible) passkey, without user verification. */
    PASSKEY_SWK("passkey", "swk"),
    /** A synced passkey, with user verification (PIN, fingerprint, face). */
    PASSKEY_SWK_UV("passkey", "swk", "user"),
    /** A passkey bound to one device, without user verification. */
    PASSKEY_HWK("passkey", "hwk"),
    /** A passkey bound to one device, with user verification. */
    PASSKEY_HWK_UV("passkey", "hwk", "user");

    private final String auditName;
    private final List<String> amr;

    AuthMethod(String auditName, String... amr) {
        this.auditName = auditName;
        this.amr = List.of(amr);
    }

    /** The passkey variant: {@code swk} for a synced credential, {@code hwk} otherwise, plus {@code user} when verified. */
    public static AuthMethod passkey(boolean synced, boolean userVerified) {
        if (synced) {
            return userVerified ? PASSKEY_SWK_UV : PASSKEY_SWK;
        }
        return userVerified ? PASSKEY_HWK_UV : PASSKEY_HWK;
    }

    /** The RFC 8176 {@code amr} values for access tokens, e.g. {@code ["otp"]} or {@code ["swk", "user"]}. */
    public List<String> amr() {
        return amr;
    }

    /** The method a {@code LOGIN_SUCCEEDED} audit event names: {@code link}, {@code otp} or {@code passkey}. */
    public String auditName() {
        return auditName;
    }

    /** Whether a passkey signed the person in. */
    public boolean passkey() {
        return "passkey".equals(auditName);
    }
}
