package dev.latchkey.jdbc;

import dev.latchkey.core.audit.AuditEvent;
import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.delivery.OutboxEntry;
import dev.latchkey.core.identity.Identifier;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.session.ApiSession;
import dev.latchkey.core.session.RefreshToken;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * How the engine's values are written as rows: each table's columns and a value's parameters in
 * that order. The stores and the fused statements of {@link PostgresSignInStore} both write through
 * here, so a column added to a table is added once.
 */
final class Tables {
    static final String CHALLENGE = "latchkey_challenge";
    static final String CHALLENGE_COLUMNS = "id, purpose, channel, identifier, user_id, link_digest, code_digest,"
            + " binding_digest, code_challenge, next_url, requester_ip, requester_agent, created_at, expires_at,"
            + " attempts, uses, max_uses, state, locale";
    static final String OUTBOX = "latchkey_outbox";
    static final String OUTBOX_COLUMNS = "id, challenge_id, channel, recipient, requester_ip, requester_agent,"
            + " requested_at, kind, state, attempts, next_attempt_at, claim, webhook_url, webhook_body";
    static final String AUDIT = "latchkey_audit_event";
    static final String AUDIT_COLUMNS = "type, user_id, channel, identifier, ip, user_agent, occurred_at, reason, client_id";
    static final String USER = "latchkey_user";
    static final String USER_COLUMNS = "id, email, phone, status, roles, created_at, last_login_at, locale";
    static final String SESSION = "latchkey_api_session";
    static final String SESSION_COLUMNS = "id, user_id, method, created_at, revoked_at";
    static final String TOKEN = "latchkey_refresh_token";
    static final String TOKEN_COLUMNS = "digest, session_id, issued_at, expires_at, rotated_at";
    static final String ROLE_SEPARATOR = ",";

    private Tables() {
    }

    /** {@code INSERT INTO table (columns) VALUES (?, …)}, one placeholder per column. */
    static String insert(String table, String columns) {
        int count = columns.split(",").length;
        return "INSERT INTO " + table + " (" + columns + ") VALUES (" + String.join(", ", Collections.nCopies(count, "?"))
                + ")";
    }

    static @Nullable Object[] challenge(Challenge c) {
        return new @Nullable Object[] {c.id().value(), c.purpose().key(), c.identifier().channel().key(),
                c.identifier().value(), c.userId() == null ? null : c.userId().value(), c.linkDigest(), c.codeDigest(),
                c.bindingDigest(), c.codeChallenge(), c.next(), c.requester().ip(), c.requester().userAgent(),
                c.createdAt(), c.expiresAt(), c.attempts(), c.uses(), c.maxUses(), c.state().key(),
                c.locale().toLanguageTag()};
    }

    static @Nullable Object[] outbox(OutboxEntry e) {
        Identifier recipient = e.recipient();
        OutboxEntry.WebhookCall webhook = e.webhook();
        return new @Nullable Object[] {e.id(), e.challengeId() == null ? null : e.challengeId().value(),
                recipient == null ? null : recipient.channel().key(), recipient == null ? null : recipient.value(),
                e.requester().ip(), e.requester().userAgent(), e.requestedAt(), e.kind().key(), e.state().key(),
                e.attempts(), e.nextAttemptAt(), e.claim(), webhook == null ? null : webhook.url().toString(),
                webhook == null ? null : webhook.body()};
    }

    static @Nullable Object[] audit(AuditEvent e) {
        return new @Nullable Object[] {e.type().name(), e.userId() == null ? null : e.userId().value(),
                e.identifier() == null ? null : e.identifier().channel().key(),
                e.identifier() == null ? null : e.identifier().value(), e.ip(), e.userAgent(), e.at(), e.reason(),
                e.clientId()};
    }

    static @Nullable Object[] user(User user) {
        return new @Nullable Object[] {user.id().value(), user.email() == null ? null : user.email().value(),
                user.phone() == null ? null : user.phone().value(), user.status().name().toLowerCase(Locale.ROOT),
                roles(user.roles()), user.createdAt(), user.lastLoginAt(),
                user.locale() == null ? null : user.locale().toLanguageTag()};
    }

    static @Nullable Object[] session(ApiSession session) {
        return new @Nullable Object[] {session.id(), session.userId().value(),
                session.method().name().toLowerCase(Locale.ROOT), session.createdAt(), session.revokedAt()};
    }

    static @Nullable Object[] token(RefreshToken token) {
        return new @Nullable Object[] {token.digest(), token.sessionId(), token.issuedAt(), token.expiresAt(),
                token.rotatedAt()};
    }

    /** Roles as stored: one comma-separated column, sorted. */
    static String roles(Set<String> roles) {
        for (String role : roles) {
            if (role.isEmpty() || role.contains(ROLE_SEPARATOR)) {
                throw new IllegalArgumentException("a role name is not empty and has no '" + ROLE_SEPARATOR
                        + "' (was '" + role + "')");
            }
        }
        return String.join(ROLE_SEPARATOR, new TreeSet<>(roles));
    }
}
