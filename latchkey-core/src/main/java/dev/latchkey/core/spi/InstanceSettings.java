package dev.latchkey.core.spi;

import java.util.Optional;

/**
 * Small values every instance must agree on and keep across restarts, such as a development
 * HMAC secret generated at first start.
 */
public interface InstanceSettings {

    Optional<String> find(String name);

    /** Stores {@code value} unless the name already has one; returns the value that is stored now. */
    String putIfAbsent(String name, String value);

    /** Replaces the value of a stored setting with another form of it, e.g. encrypted; nothing when absent. */
    void replace(String name, String value);
}
