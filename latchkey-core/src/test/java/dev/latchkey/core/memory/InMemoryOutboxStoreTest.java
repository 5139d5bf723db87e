package dev.latchkey.core.memory;

import dev.latchkey.core.spi.ChallengeStore;
import dev.latchkey.core.spi.OutboxStore;
import dev.latchkey.core.spi.OutboxStoreContract;

class InMemoryOutboxStoreTest extends OutboxStoreContract {
    private final InMemoryOutboxStore store = new InMemoryOutboxStore();
    private final InMemoryChallengeStore challenges = new InMemoryChallengeStore(store);

    @Override
    protected OutboxStore store() {
        return store;
    }

    @Override
    protected ChallengeStore challenges() {
        return challenges;
    }
}
