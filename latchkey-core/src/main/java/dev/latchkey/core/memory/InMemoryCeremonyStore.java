package dev.latchkey.core.memory;

import dev.latchkey.core.passkey.Ceremony;
import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.spi.CeremonyStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Open ceremonies in a concurrent map: {@link #take} is its atomic remove. */
public final class InMemoryCeremonyStore implements CeremonyStore {
    private final Map<Digest, Ceremony> ceremonies = new ConcurrentHashMap<>();

    @Override
    public void save(Ceremony ceremony) {
        if (ceremonies.putIfAbsent(ceremony.idDigest(), ceremony) != null) {
            throw new IllegalStateException("a ceremony with this id exists");
        }
    }

    @Override
    public Optional<Ceremony> take(Digest idDigest, Instant now) {
        Ceremony ceremony = ceremonies.remove(idDigest);
        return ceremony != null && now.isBefore(ceremony.expiresAt()) ? Optional.of(ceremony) : Optional.empty();
    }

    @Override
    public int purgeExpired(Instant before, int batchSize) {
        List<Digest> expired = ceremonies.values().stream().filter(c -> !c.expiresAt().isAfter(before))
                .limit(batchSize).map(Ceremony::idDigest).toList();
        expired.forEach(ceremonies::remove);
        return expired.size();
    }
}
