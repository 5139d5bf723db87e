package dev.latchkey.core.memory;

import dev.latchkey.core.spi.InstanceSettings;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Settings in a map, so they last as long as the process; fine for one instance that may regenerate them. */
public final class InMemoryInstanceSettings implements InstanceSettings {
    private final Map<String, String> byName = new ConcurrentHashMap<>();

    @Override
    public Optional<String> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public String putIfAbsent(String name, String value) {
        String existing = byName.putIfAbsent(name, value);
        return existing == null ? value : existing;
    }

    @Override
    public void replace(String name, String value) {
        byName.computeIfPresent(name, (k, old) -> value);
    }
}
