package dev.latchkey.core.oidc;

import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.secret.Digest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one client may do for one user (an OAuth 2.0 authorization): found by the digest of any code
 * or token issued under it, never by the value.
 *
 * @param id the grant's id
 * @param clientId the registration's id (not the {@code client_id})
 * @param user whose grant it is
 * @param payload the adapter's serialized authorization, in which every token value is replaced by its digest
 * @param refresh digest of the current refresh token, or null; when a save replaces it, the old one is kept as
 *     retired so that presenting it again is recognised as reuse
 * @param digests digests of every code and token the grant holds now (the refresh token's included)
 * @param expiresAt when the last of its codes and tokens expires; after that the grant may be purged
 */
public record OidcGrant(String id, String clientId, UserId user, byte[] payload, @Nullable Digest refresh,
                        Set<Digest> digests, Instant expiresAt) {

    public OidcGrant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(user, "user");
        payload = Objects.requireNonNull(payload, "payload").clone();
        digests = Set.copyOf(digests);
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (refresh != null && !digests.contains(refresh)) {
            throw new IllegalArgumentException("the refresh token's digest must be among the grant's digests");
        }
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OidcGrant that && id.equals(that.id) && clientId.equals(that.clientId)
                && user.equals(that.user) && Arrays.equals(payload, that.payload)
                && Objects.equals(refresh, that.refresh) && digests.equals(that.digests)
                && expiresAt.equals(that.expiresAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, clientId, user, Arrays.hashCode(payload), refresh, digests, expiresAt);
    }

    @Override
    public String toString() {
        return "OidcGrant[id=" + id + ", clientId=" + clientId + ", user=" + user + ", digests=" + digests.size()
                + ", expiresAt=" + expiresAt + "]";
    }
}
