package dev.latchkey.core.oidc;

import java.util.Arrays;
import java.util.Objects;

/**
 * A registered OpenID Connect client as stored, so every instance knows it.
 *
 * @param id the registration's id
 * @param clientId the {@code client_id} clients send
 * @param payload the adapter's serialized registration; any secret in it is already hashed
 */
public record OidcClient(String id, String clientId, byte[] payload) {

    public OidcClient {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(clientId, "clientId");
        payload = Objects.requireNonNull(payload, "payload").clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OidcClient that && id.equals(that.id) && clientId.equals(that.clientId)
                && Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, clientId, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "OidcClient[id=" + id + ", clientId=" + clientId + ", payload=" + payload.length + " bytes]";
    }
}
