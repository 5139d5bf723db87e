package dev.latchkey.core.memory;

import dev.latchkey.core.spi.ApiSessionStore;
import dev.latchkey.core.spi.ApiSessionStoreContract;

class InMemoryApiSessionStoreTest extends ApiSessionStoreContract {
    private final InMemoryApiSessionStore store = new InMemoryApiSessionStore();

    @Override
    protected ApiSessionStore store() {
        return store;
    }
}
