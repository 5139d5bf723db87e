package dev.latchkey.core.memory;

import dev.latchkey.core.spi.ChallengeStore;
import dev.latchkey.core.spi.ChallengeStoreContract;
import dev.latchkey.core.spi.OutboxStore;

class InMemoryChallengeStoreTest extends ChallengeStoreContract {
    private final InMemoryOutboxStore outbox = new InMemoryOutboxStore();
    private final InMemoryChallengeStore store = new InMemoryChallengeStore(outbox);

    @Override
    protected ChallengeStore store() {
        return store;
    }

    @Override
    protected OutboxStore outbox() {
        return outbox;
    }
}
