package dev.latchkey.core.session;

import java.util.Locale;

/** Why every session of a user ended; the audit event {@code SESSIONS_REVOKED} carries it as its reason. */
public enum SessionEndReason {
    /** The person asked to sign out everywhere, on a page or with {@code logout-all}. */
    SIGN_OUT_EVERYWHERE,
    /** The account's email address changed; only the session that asked for it stays. */
    EMAIL_CHANGED,
    /** The account was disabled. */
    USER_DISABLED,
    /** The account may no longer sign in: {@code LoginPolicy}, {@code UserVerifier} or a privileged role said no, or it is gone. */
    ACCOUNT_REFUSED,
    /** An admin client signed the user out (SPEC §12). */
    ADMIN_SIGN_OUT,
    /** An admin client erased the account (SPEC §12). */
    USER_ERASED;

    /** The reason as the audit event records it, e.g. {@code sign_out_everywhere}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
