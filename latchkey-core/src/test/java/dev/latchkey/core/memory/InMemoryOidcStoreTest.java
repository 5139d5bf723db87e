package dev.latchkey.core.memory;

import dev.latchkey.core.spi.OidcStore;
import dev.latchkey.core.spi.OidcStoreContract;

class InMemoryOidcStoreTest extends OidcStoreContract {
    private final InMemoryOidcStore store = new InMemoryOidcStore();

    @Override
    protected OidcStore store() {
        return store;
    }
}
