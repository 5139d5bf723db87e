package dev.latchkey.bench.targets;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Tokens a bench target handed to "its user", keyed by recipient, until the load driver takes them. Taking
 * removes the entry, so the map stays as small as the number of flows in flight.
 */
public final class CapturedTokens {
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    public void put(String recipient, String token) {
        tokens.put(recipient, token);
    }

    public Optional<String> take(@Nullable String recipient) {
        return recipient == null ? Optional.empty() : Optional.ofNullable(tokens.remove(recipient));
    }
}
