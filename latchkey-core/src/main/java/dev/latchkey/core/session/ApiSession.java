package dev.latchkey.core.session;

import dev.latchkey.core.challenge.AuthMethod;
import dev.latchkey.core.identity.UserId;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One API sign-in: the family its refresh tokens belong to. Access tokens name it in their
 * {@code sid} claim, so revoking it ends them too.
 *
 * @param id random id, the {@code sid} claim
 * @param userId the account
 * @param method how the person signed in
 * @param createdAt when
 * @param revokedAt when it was ended (logout, logout-all, reuse of a rotated token), or null while active
 */
public record ApiSession(String id, UserId userId, AuthMethod method, Instant createdAt, @Nullable Instant revokedAt) {

    public ApiSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean active() {
        return revokedAt == null;
    }

    /** This session as {@code user}'s. */
    public ApiSession forUser(UserId user) {
        return new ApiSession(id, user, method, createdAt, revokedAt);
    }
}
