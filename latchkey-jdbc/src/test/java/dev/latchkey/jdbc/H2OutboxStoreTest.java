package dev.latchkey.jdbc;

import dev.latchkey.core.spi.ChallengeStore;
import dev.latchkey.core.spi.OutboxStore;
import dev.latchkey.core.spi.OutboxStoreContract;
import org.junit.jupiter.api.BeforeEach;

class H2OutboxStoreTest extends OutboxStoreContract {
    private TestStores db;

    @BeforeEach
    void connect() {
        db = TestDatabases.h2("outboxStore");
    }

    @Override
    protected OutboxStore store() {
        return db.outbox();
    }

    @Override
    protected ChallengeStore challenges() {
        return db.challenges();
    }
}
