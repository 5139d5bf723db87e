package dev.latchkey.core.memory;

import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.session.ApiSession;
import dev.latchkey.core.session.RefreshToken;
import dev.latchkey.core.spi.ApiSessionStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Sessions and refresh tokens in maps, guarded by the store's monitor: a rotation reads the token
 * and its session and writes both tokens, so it must see and change them as one.
 */
public final class InMemoryApiSessionStore implements ApiSessionStore {
    private final Map<String, ApiSession> sessions = new HashMap<>();
    private final Map<Digest, RefreshToken> tokens = new HashMap<>();

    @Override
    public synchronized void create(ApiSession session, RefreshToken first) {
        if (!first.sessionId().equals(session.id())) {
            throw new IllegalArgumentException("the first refresh token must belong to the session it starts");
        }
        if (sessions.containsKey(session.id()) || tokens.containsKey(first.digest())) {
            throw new IllegalStateException("a session with this id or a token with this digest exists");
        }
        sessions.put(session.id(), session);
        tokens.put(first.digest(), first);
    }

    @Override
    public synchronized Optional<ApiSession> findSession(String id) {
        return Optional.ofNullable(sessions.get(id));
    }

    @Override
    public synchronized Optional<RefreshToken> findRefreshToken(Collection<Digest> candidates) {
        for (Digest candidate : candidates) {
            RefreshToken token = tokens.get(candidate);
            if (token != null) {
                return Optional.of(token);
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized boolean rotate(Digest used, RefreshToken next, Instant now) {
        RefreshToken token = tokens.get(used);
        if (token == null || token.rotatedAt() != null || !now.isBefore(token.expiresAt())
                || !token.sessionId().equals(next.sessionId())) {
            return false;
        }
        ApiSession session = sessions.get(token.sessionId());
        if (session == null || !session.active()) {
            return false;
        }
        if (tokens.containsKey(next.digest())) {
            throw new IllegalStateException("a refresh token with this digest exists");
        }
        tokens.put(used, new RefreshToken(token.digest(), token.sessionId(), token.issuedAt(), token.expiresAt(), now));
        tokens.put(next.digest(), next);
        return true;
    }

    @Override
    public synchronized boolean revoke(String sessionId, Instant now) {
        ApiSession session = sessions.get(sessionId);
        if (session == null || !session.active()) {
            return false;
        }
        sessions.put(sessionId, revoked(session, now));
        return true;
    }

    @Override
    public synchronized int deleteAll(UserId user) {
        List<String> owned = sessions.values().stream().filter(s -> s.userId().equals(user)).map(ApiSession::id).toList();
        owned.forEach(sessions::remove);
        tokens.values().removeIf(token -> owned.contains(token.sessionId()));
        return owned.size();
    }

    @Override
    public synchronized int revokeAll(UserId user, @Nullable String keep, Instant now) {
        List<ApiSession> victims = sessions.values().stream()
                .filter(s -> s.active() && s.userId().equals(user) && !s.id().equals(keep))
                .toList();
        for (ApiSession session : victims) {
            sessions.put(session.id(), revoked(session, now));
        }
        return victims.size();
    }

    @Override
    public synchronized int purgeExpired(Instant before, int batchSize) {
        List<Digest> expired = new ArrayList<>();
        for (RefreshToken token : tokens.values()) {
            if (expired.size() == batchSize) {
                break;
            }
            if (!token.expiresAt().isAfter(before)) {
                expired.add(token.digest());
            }
        }
        expired.forEach(tokens::remove);
        return expired.size();
    }

    @Override
    public synchronized int purgeEnded(Instant before, int batchSize) {
        Set<String> withTokens = new HashSet<>();
        tokens.values().forEach(token -> withTokens.add(token.sessionId()));
        List<String> ended = sessions.values().stream()
                .filter(s -> s.revokedAt() != null ? !s.revokedAt().isAfter(before)
                        : !s.createdAt().isAfter(before) && !withTokens.contains(s.id()))
                .limit(batchSize).map(ApiSession::id).toList();
        ended.forEach(sessions::remove);
        tokens.values().removeIf(token -> ended.contains(token.sessionId()));
        return ended.size();
    }

    private static ApiSession revoked(ApiSession session, Instant at) {
        return new ApiSession(session.id(), session.userId(), session.method(), session.createdAt(), at);
    }
}
