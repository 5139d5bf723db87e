package dev.latchkey.core.memory;

import dev.latchkey.core.spi.AuditEventStore;
import dev.latchkey.core.spi.AuditEventStoreContract;

class InMemoryAuditEventStoreTest extends AuditEventStoreContract {
    private final InMemoryAuditEventStore store = new InMemoryAuditEventStore();

    @Override
    protected AuditEventStore store() {
        return store;
    }
}
