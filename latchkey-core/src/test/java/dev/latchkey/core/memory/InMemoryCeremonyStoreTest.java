package dev.latchkey.core.memory;

import dev.latchkey.core.spi.CeremonyStore;
import dev.latchkey.core.spi.CeremonyStoreContract;

class InMemoryCeremonyStoreTest extends CeremonyStoreContract {
    private final InMemoryCeremonyStore store = new InMemoryCeremonyStore();

    @Override
    protected CeremonyStore store() {
        return store;
    }
}
