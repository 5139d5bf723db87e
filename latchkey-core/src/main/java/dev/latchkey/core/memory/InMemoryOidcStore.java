package dev.latchkey.core.memory;

import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.oidc.OidcClient;
import dev.latchkey.core.oidc.OidcConsent;
import dev.latchkey.core.oidc.OidcGrant;
import dev.latchkey.core.oidc.OidcGrantMatch;
import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.spi.OidcStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The OpenID Provider's state in maps, for one instance; every operation holds the store's lock. */
public final class InMemoryOidcStore implements OidcStore {
    private final Map<String, OidcClient> clientsByClientId = new HashMap<>();
    private final Map<String, OidcGrant> grants = new HashMap<>();
    private final Map<String, Set<Digest>> retired = new HashMap<>();
    private final Map<String, OidcConsent> consents = new HashMap<>();

    @Override
    public synchronized void saveClient(OidcClient client) {
        clientsByClientId.put(client.clientId(), client);
    }

    @Override
    public synchronized Optional<OidcClient> findClient(String id) {
        return clientsByClientId.values().stream().filter(c -> c.id().equals(id)).findFirst();
    }

    @Override
    public synchronized Optional<OidcClient> findClientByClientId(String clientId) {
        return Optional.ofNullable(clientsByClientId.get(clientId));
    }

    @Override
    public synchronized void saveGrant(OidcGrant grant) {
        OidcGrant previous = grants.put(grant.id(), grant);
        if (previous != null && previous.refresh() != null && !previous.refresh().equals(grant.refresh())) {
            retired.computeIfAbsent(grant.id(), id -> new HashSet<>()).add(previous.refresh());
        }
    }

    @Override
    public synchronized Optional<OidcGrant> findGrant(String id) {
        return Optional.ofNullable(grants.get(id));
    }

    @Override
    public synchronized Optional<OidcGrantMatch> findGrantByDigest(Digest digest) {
        for (OidcGrant grant : grants.values()) {
            if (grant.digests().contains(digest)) {
                return Optional.of(new OidcGrantMatch(grant, false));
            }
            if (retired.getOrDefault(grant.id(), Set.of()).contains(digest)) {
                return Optional.of(new OidcGrantMatch(grant, true));
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized boolean deleteGrant(String id) {
        retired.remove(id);
        return grants.remove(id) != null;
    }

    @Override
    public synchronized int deleteGrants(UserId user) {
        Set<String> ids = new HashSet<>();
        grants.values().stream().filter(g -> g.user().equals(user)).forEach(g -> ids.add(g.id()));
        ids.forEach(this::deleteGrant);
        return ids.size();
    }

    @Override
    public synchronized void saveConsent(OidcConsent consent) {
        consents.put(key(consent.clientId(), consent.user()), consent);
    }

    @Override
    public synchronized Optional<OidcConsent> findConsent(String clientId, UserId user) {
        return Optional.ofNullable(consents.get(key(clientId, user)));
    }

    @Override
    public synchronized void deleteConsent(String clientId, UserId user) {
        consents.remove(key(clientId, user));
    }

    @Override
    public synchronized int deleteConsents(UserId user) {
        List<String> given = consents.entrySet().stream().filter(e -> e.getValue().user().equals(user))
                .map(Map.Entry::getKey).toList();
        given.forEach(consents::remove);
        return given.size();
    }

    @Override
    public synchronized int purgeExpired(Instant before, int batchSize) {
        Set<String> ids = new HashSet<>();
        grants.values().stream().filter(g -> g.expiresAt().isBefore(before)).limit(batchSize)
                .forEach(g -> ids.add(g.id()));
        ids.forEach(this::deleteGrant);
        return ids.size();
    }

    private static String key(String clientId, UserId user) {
        return clientId + "\n" + user.value();
    }
}
