package dev.latchkey.spring.autoconfigure;

import dev.latchkey.core.LatchkeyBuilder;

/**
 * Adjusts the engine's builder after the starter has given it its stores, senders and hooks, and
 * before it is built: e.g. to plug in a store of the application's own. Beans of this type are
 * applied in their order.
 */
@FunctionalInterface
public interface LatchkeyBuilderCustomizer {

    void customize(LatchkeyBuilder builder);
}
