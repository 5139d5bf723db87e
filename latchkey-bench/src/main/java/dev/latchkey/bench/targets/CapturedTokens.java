package dev.latchkey.bench.targets;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Tokens a bench target handed to "its user", keyed by recipient, until the load driver takes them. The
 * driver waits for a token in one call instead of polling, so neither target pays for extra requests
 * while its message is on the way. Taking removes the entry, so the map stays as small as the number of
 * flows in flight.
 */
public final class CapturedTokens {
    private final Map<String, CompletableFuture<String>> tokens = new ConcurrentHashMap<>();

    public void put(String recipient, String token) {
        slot(recipient).complete(token);
    }

    /** The recipient's token, waiting up to {@code wait} for it to arrive; empty when none came in time. */
    public Optional<String> take(String recipient, Duration wait) throws InterruptedException {
        CompletableFuture<String> slot = slot(recipient);
        try {
            return Optional.of(slot.get(wait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a token slot is only ever completed normally", e);
        } finally {
            tokens.remove(recipient, slot);
        }
    }

    private CompletableFuture<String> slot(String recipient) {
        return tokens.computeIfAbsent(recipient, r -> new CompletableFuture<>());
    }
}
