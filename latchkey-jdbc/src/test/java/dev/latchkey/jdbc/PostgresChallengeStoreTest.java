package dev.latchkey.jdbc;

import dev.latchkey.core.spi.ChallengeStore;
import dev.latchkey.core.spi.ChallengeStoreContract;
import dev.latchkey.core.spi.OutboxStore;
import org.junit.jupiter.api.BeforeEach;

class PostgresChallengeStoreTest extends ChallengeStoreContract {
    private TestStores db;

    @BeforeEach
    void connect() {
        db = TestDatabases.postgres();
    }

    @Override
    protected ChallengeStore store() {
        return db.challenges();
    }

    @Override
    protected OutboxStore outbox() {
        return db.outbox();
    }
}
