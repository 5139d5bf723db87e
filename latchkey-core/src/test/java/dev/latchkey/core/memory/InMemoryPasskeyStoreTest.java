package dev.latchkey.core.memory;

import dev.latchkey.core.spi.PasskeyStore;
import dev.latchkey.core.spi.PasskeyStoreContract;

class InMemoryPasskeyStoreTest extends PasskeyStoreContract {
    private final InMemoryPasskeyStore store = new InMemoryPasskeyStore();

    @Override
    protected PasskeyStore store() {
        return store;
    }
}
