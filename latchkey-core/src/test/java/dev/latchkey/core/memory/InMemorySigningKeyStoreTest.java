package dev.latchkey.core.memory;

import dev.latchkey.core.spi.SigningKeyStore;
import dev.latchkey.core.spi.SigningKeyStoreContract;

class InMemorySigningKeyStoreTest extends SigningKeyStoreContract {
    private final InMemorySigningKeyStore store = new InMemorySigningKeyStore();

    @Override
    protected SigningKeyStore store() {
        return store;
    }
}
