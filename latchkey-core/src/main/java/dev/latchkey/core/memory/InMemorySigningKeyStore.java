package dev.latchkey.core.memory;

import dev.latchkey.core.session.SigningKey;
import dev.latchkey.core.spi.SigningKeyStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Signing keys in a map keyed by {@code kid}; each change is one atomic operation on the key's entry. */
public final class InMemorySigningKeyStore implements SigningKeyStore {
    private final Map<String, SigningKey> byKid = new ConcurrentHashMap<>();

    @Override
    public List<SigningKey> findAll() {
        return byKid.values().stream()
                .sorted(Comparator.comparing(SigningKey::createdAt).thenComparing(SigningKey::kid).reversed())
                .toList();
    }

    @Override
    public boolean insert(SigningKey key) {
        return byKid.putIfAbsent(key.kid(), key) == null;
    }

    @Override
    public void replaceJwk(String kid, String jwk) {
        byKid.computeIfPresent(kid, (k, key) -> new SigningKey(key.kid(), jwk, key.createdAt(), key.retiredAt()));
    }

    @Override
    public void retire(String kid, Instant at) {
        // The first retirement stands, so a key's verification window is not stretched by a repeat.
        byKid.computeIfPresent(kid, (k, key) -> key.retiredAt() != null ? key
                : new SigningKey(key.kid(), key.jwk(), key.createdAt(), at));
    }

    @Override
    public int deleteRetiredBefore(Instant before) {
        int deleted = 0;
        for (SigningKey key : byKid.values()) {
            if (key.retiredAt() != null && key.retiredAt().isBefore(before) && byKid.remove(key.kid(), key)) {
                deleted++;
            }
        }
        return deleted;
    }
}
