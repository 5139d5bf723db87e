package dev.latchkey.jdbc;

import dev.latchkey.core.spi.ChallengeStore;
import dev.latchkey.core.spi.OutboxStore;
import dev.latchkey.core.spi.OutboxStoreContract;
import org.junit.jupiter.api.BeforeEach;

class MariaDbOutboxStoreTest extends OutboxStoreContract {
    private TestStores db;

    @BeforeEach
    void connect() {
        db = TestDatabases.mariadb();
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
