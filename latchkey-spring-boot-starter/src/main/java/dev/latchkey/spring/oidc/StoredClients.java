package dev.latchkey.spring.oidc;

import dev.latchkey.core.oidc.OidcClient;
import dev.latchkey.core.spi.OidcStore;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Registered clients in Latchkey's {@link OidcStore}, so every instance knows every client. Secrets
 * arrive already hashed (the {@code PasswordEncoder}'s form, e.g. {@code {bcrypt}…}). A client no longer
 * in this instance's settings is unknown, though its row remains.
 */
public final class StoredClients implements RegisteredClientRepository {
    private final OidcStore store;
    private final Set<String> configured;

    /** @param configured the {@code client_id}s of the settings */
    public StoredClients(OidcStore store, Set<String> configured) {
        this.store = store;
        this.configured = Set.copyOf(configured);
    }

    @Override
    public void save(RegisteredClient client) {
        store.saveClient(new OidcClient(client.getId(), client.getClientId(), Payloads.write(client)));
    }

    @Override
    public @Nullable RegisteredClient findById(String id) {
        return store.findClient(id).filter(client -> configured.contains(client.clientId())).map(StoredClients::read)
                .orElse(null);
    }

    @Override
    public @Nullable RegisteredClient findByClientId(String clientId) {
        return configured.contains(clientId)
                ? store.findClientByClientId(clientId).map(StoredClients::read).orElse(null) : null;
    }

    private static RegisteredClient read(OidcClient client) {
        return Payloads.read(client.payload(), RegisteredClient.class);
    }
}
