package dev.latchkey.core.audit;

/** The audit events of SPEC §7. */
public enum AuditEventType {
    LOGIN_REQUESTED,
    MESSAGE_SENT,
    MESSAGE_FAILED,
    LOGIN_SUCCEEDED,
    LOGIN_FAILED,
    CHALLENGE_EXHAUSTED,
    IDENTIFIER_LOCKED,
    LOGIN_DENIED_BY_USER,
    EMAIL_CHANGED,
    LOGOUT,
    /** Every session of a user ended on both surfaces; the reason says why (SPEC §2 rule 13). */
    SESSIONS_REVOKED,
    REFRESH_REUSE_DETECTED,
    /** A signed-in user registered a passkey (SPEC §10). */
    PASSKEY_ADDED,
    /** A user removed one of their passkeys. */
    PASSKEY_REMOVED,
    /** The throttle store failed and {@code on-backend-failure=fail-open} let the request through unthrottled. */
    THROTTLE_BACKEND_FAILED,
    /** An OpenID Connect client was given an authorization code for a signed-in user (SPEC §11). */
    OIDC_CODE_ISSUED,
    /** An admin client minted a sign-in link and code for a person, to send or to hand over itself (SPEC §12). */
    SIGN_IN_LINK_MINTED,
    /** An admin client read an account. */
    USER_VIEWED,
    /** An admin client changed an account's status or roles; the reason names what changed. */
    USER_UPDATED,
    /** An admin client erased an account: its rows are gone and its audit rows keep only its id. */
    USER_ERASED,
    /** An admin client read the audit trail. */
    AUDIT_EVENTS_READ
}
