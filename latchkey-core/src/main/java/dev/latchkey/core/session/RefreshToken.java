package dev.latchkey.core.session;

import dev.latchkey.core.secret.Digest;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A refresh token as stored: its HMAC digest, never its value.
 *
 * @param digest HMAC of the token
 * @param sessionId the family it belongs to
 * @param issuedAt when it was issued
 * @param expiresAt when it stops working
 * @param rotatedAt when it was exchanged for its successor, or null while unused
 */
public record RefreshToken(Digest digest, String sessionId, Instant issuedAt, Instant expiresAt,
                           @Nullable Instant rotatedAt) {

    public RefreshToken {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
