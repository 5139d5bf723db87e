package dev.latchkey.core.session;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A key that signs access tokens, shared by every instance through the store. Its JWK holds the
 * private part, so it never prints itself.
 *
 * @param kid key id, the JWT header's {@code kid}
 * @param jwk the key as a JWK JSON object, private part included
 * @param createdAt when it was made; the newest unretired key signs
 * @param retiredAt when it stopped signing (it is still published until its tokens expired), or null
 */
public record SigningKey(String kid, String jwk, Instant createdAt, @Nullable Instant retiredAt) {

    public SigningKey {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(jwk, "jwk");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    @Override
    public String toString() {
        return "SigningKey[kid=" + kid + ", createdAt=" + createdAt + ", retiredAt=" + retiredAt + ", jwk=<masked>]";
    }
}
