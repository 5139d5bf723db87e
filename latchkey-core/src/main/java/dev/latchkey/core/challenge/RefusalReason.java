package dev.latchkey.core.challenge;

/** Why a valid link or code still did not sign anyone in (SPEC §2 rule 14). */
public enum RefusalReason {
    /** The account is disabled. */
    DISABLED,
    /** The account holds a role in {@code latchkey.privileged-roles}. */
    PRIVILEGED,
    /** The application's {@code LoginPolicy} said no. */
    POLICY,
    /** The application's {@code UserVerifier} said no. */
    NOT_VERIFIED,
    /** The account no longer exists and registration is closed. */
    NO_ACCOUNT
}
