package dev.latchkey.core.spi;

import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.session.ApiSession;
import dev.latchkey.core.session.RefreshToken;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * API sessions and their rotating refresh tokens (SPEC §5). A token is exchanged at most once:
 * {@link #rotate} decides in one atomic step, so of two concurrent refreshes with one token only
 * one succeeds, and a later use of a rotated token is detectable as reuse.
 */
public interface ApiSessionStore {

    /** Starts a session with its first refresh token, in one transaction. */
    void create(ApiSession session, RefreshToken first);

    Optional<ApiSession> findSession(String id);

    /** The refresh token whose digest is any of {@code candidates} (one per accepted key), rotated or not. */
    Optional<RefreshToken> findRefreshToken(Collection<Digest> candidates);

    /**
     * Marks {@code used} rotated at {@code now} and stores {@code next}, only if {@code used} was not
     * rotated yet, has not expired and its session is active. Returns whether this call did it.
     */
    boolean rotate(Digest used, RefreshToken next, Instant now);

    /** Ends one session; its refresh tokens stop working. Returns whether it was active. */
    boolean revoke(String sessionId, Instant now);

    /** Ends every active session of {@code user} except {@code keep} (may be null). Returns how many. */
    int revokeAll(UserId user, @Nullable String keep, Instant now);

    /** Deletes at most {@code batchSize} refresh tokens that expired before {@code before}; returns how many. */
    int purgeExpired(Instant before, int batchSize);

    /**
     * Deletes every session of {@code user}, ended or not, with its refresh tokens (SPEC §12 erasure).
     * Joins the caller's transaction. Returns how many sessions were deleted.
     */
    int deleteAll(UserId user);

    /**
     * Deletes at most {@code batchSize} sessions that are over: revoked at or before {@code before}, or
     * created at or before it with no refresh token left. Their tokens go with them. Returns how many.
     */
    int purgeEnded(Instant before, int batchSize);
}
