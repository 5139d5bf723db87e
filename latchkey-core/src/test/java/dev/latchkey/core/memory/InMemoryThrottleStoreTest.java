package dev.latchkey.core.memory;

import dev.latchkey.core.spi.ThrottleStore;
import dev.latchkey.core.spi.ThrottleStoreContract;

class InMemoryThrottleStoreTest extends ThrottleStoreContract {
    private final InMemoryThrottleStore store = new InMemoryThrottleStore();

    @Override
    protected ThrottleStore store() {
        return store;
    }
}
