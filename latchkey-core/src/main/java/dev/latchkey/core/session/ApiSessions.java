package dev.latchkey.core.session;

import dev.latchkey.core.audit.AuditEvent;
import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.audit.EventPublisher;
import dev.latchkey.core.challenge.AuthMethod;
import dev.latchkey.core.challenge.RequesterContext;
import dev.latchkey.core.config.InvalidSettingException;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.secret.Digests;
import dev.latchkey.core.secret.SecretKeyRing;
import dev.latchkey.core.spi.ApiSessionStore;
import dev.latchkey.core.spi.SignInStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * API sessions with rotating refresh tokens (SPEC §5). A refresh token is an opaque 256-bit value
 * stored only as an HMAC; each refresh replaces it, and presenting a replaced one again ends the
 * whole session (reuse detection), since only a thief or a broken client would do that. A session
 * ends {@code latchkey.tokens.session-max-age} after its sign-in whatever its refreshes, and each
 * refresh re-checks the account through {@link UserSessions#mayContinue} (SPEC §2 rule 13).
 */
public final class ApiSessions {
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final ApiSessionStore store;
    private final Digests digests;
    private final Clock clock;
    private final SecureRandom random;
    private final Duration refreshTtl;
    private final Duration maxAge;
    private final EventPublisher events;
    private final UserSessions owner;

    /**
     * Built by {@code Latchkey.apiSessions(...)}, which supplies the engine's store, keys, clock,
     * listeners, {@code tokens.session-max-age} and the owner of every session of a user.
     */
    public ApiSessions(ApiSessionStore store, SecretKeyRing keys, Clock clock, SecureRandom random, Duration refreshTtl,
                       Duration maxAge, EventPublisher events, UserSessions owner) {
        if (refreshTtl.isZero() || refreshTtl.isNegative()) {
            throw new InvalidSettingException(
                    "latchkey.tokens.refresh-ttl must be positive, e.g. 30d (was " + refreshTtl + ")");
        }
        this.store = store;
        this.digests = new Digests(keys);
        this.clock = clock;
        this.random = random;
        this.refreshTtl = refreshTtl;
        this.maxAge = maxAge;
        this.events = events;
        this.owner = owner;
    }

    /**
     * A session and its current refresh token; the token's value is shown to the client once and
     * never printed.
     */
    public record Issued(ApiSession session, String refreshToken, Instant refreshExpiresAt) {
        @Override
        public String toString() {
            return "Issued[session=" + session.id() + ", refreshToken=<redacted>]";
        }
    }

    /** What a refresh decided. */
    public sealed interface RefreshOutcome {
        /** A new refresh token replaced the presented one. */
        record Refreshed(Issued issued) implements RefreshOutcome {}

        /** Unknown, expired, its session has ended or outlived {@code session-max-age}, or the account may no longer sign in. */
        record Invalid() implements RefreshOutcome {}

        /** The token had already been replaced: its session is now ended. */
        record ReuseDetected() implements RefreshOutcome {}
    }

    /** Starts a session after a sign-in. */
    public Issued start(UserId user, AuthMethod method) {
        return open(prepare(user, method, clock.instant()));
    }

    /** Stores a prepared session; inside a caller's transaction it commits with the sign-in that prepared it. */
    public Issued open(Prepared prepared) {
        store.create(prepared.rows().session(), prepared.rows().first());
        return prepared.issued();
    }

    /**
     * A session and its first refresh token for a sign-in at {@code now}, not yet stored: a
     * redemption writes {@code rows} in its own transaction and hands {@code issued} to the client.
     */
    public Prepared prepare(UserId user, AuthMethod method, Instant now) {
        ApiSession session = new ApiSession(randomValue(16), user, method, now, null);
        String token = randomValue(32);
        RefreshToken stored = new RefreshToken(digest(token), session.id(), now, refreshExpiry(session, now), null);
        return new Prepared(new SignInStore.StartedSession(session, stored), new Issued(session, token, stored.expiresAt()));
    }

    /** The rows of a session about to start, and what its client is given once they are written. */
    public record Prepared(SignInStore.StartedSession rows, Issued issued) {
        /** The same session for {@code user}: the account of a new identifier that another process created first. */
        public Prepared forUser(UserId user) {
            SignInStore.StartedSession moved = rows.forUser(user);
            return new Prepared(moved, new Issued(moved.session(), issued.refreshToken(), issued.refreshExpiresAt()));
        }

        @Override
        public String toString() {
            return "Prepared[session=" + rows.session().id() + "]";
        }
    }

    /** Exchanges a refresh token for a new one. */
    public RefreshOutcome refresh(String token, RequesterContext requester) {
        String trimmed = token.strip();
        if (trimmed.isEmpty() || trimmed.length() > 128) {
            return new RefreshOutcome.Invalid();
        }
        Optional<RefreshToken> found = store.findRefreshToken(digests.refreshTokenCandidates(trimmed));
        if (found.isEmpty()) {
            return new RefreshOutcome.Invalid();
        }
        RefreshToken presented = found.get();
        Optional<ApiSession> session = store.findSession(presented.sessionId()).filter(ApiSession::active);
        if (session.isEmpty()) {
            return new RefreshOutcome.Invalid();
        }
        Instant now = clock.instant();
        if (presented.rotatedAt() != null) {
            return reuse(session.get(), requester, now);
        }
        if (!now.isBefore(presented.expiresAt())) {
            return new RefreshOutcome.Invalid();
        }
        if (!withinMaxAge(session.get(), now)) {
            store.revoke(session.get().id(), now);
            return new RefreshOutcome.Invalid();
        }
        if (!owner.mayContinue(session.get().userId())) {
            return new RefreshOutcome.Invalid();
        }
        String next = randomValue(32);
        RefreshToken successor = new RefreshToken(digest(next), presented.sessionId(), now,
                refreshExpiry(session.get(), now), null);
        if (!store.rotate(presented.digest(), successor, now)) {
            // Another request spent this token a moment ago: two clients hold one token, so end the session.
            return reuse(session.get(), requester, now);
        }
        return new RefreshOutcome.Refreshed(new Issued(session.get(), next, successor.expiresAt()));
    }

    /** The session, while it is active and younger than {@code session-max-age}. */
    public Optional<ApiSession> active(String sessionId) {
        return store.findSession(sessionId).filter(s -> s.active() && withinMaxAge(s, clock.instant()));
    }

    /** Ends one session (logout). Returns whether it was active. */
    public boolean end(String sessionId) {
        return store.revoke(sessionId, clock.instant());
    }

    private RefreshOutcome reuse(ApiSession session, RequesterContext requester, Instant now) {
        store.revoke(session.id(), now);
        events.publish(new AuditEvent(AuditEventType.REFRESH_REUSE_DETECTED, session.userId(), null, requester.ip(),
                requester.userAgent(), now, null));
        return new RefreshOutcome.ReuseDetected();
    }

    private boolean withinMaxAge(ApiSession session, Instant now) {
        return now.isBefore(session.createdAt().plus(maxAge));
    }

    /** A refresh token never outlives its session's {@code session-max-age}. */
    private Instant refreshExpiry(ApiSession session, Instant now) {
        Instant byTtl = now.plus(refreshTtl);
        Instant end = session.createdAt().plus(maxAge);
        return byTtl.isBefore(end) ? byTtl : end;
    }

    private Digest digest(String token) {
        return digests.refreshToken(token);
    }

    private String randomValue(int bytes) {
        byte[] value = new byte[bytes];
        random.nextBytes(value);
        return BASE64URL.encodeToString(value);
    }
}
