package dev.latchkey.jdbc;

import dev.latchkey.core.spi.ChallengeStore;
import dev.latchkey.core.spi.ChallengeStoreContract;
import dev.latchkey.core.spi.OutboxStore;
import org.junit.jupiter.api.BeforeEach;

class H2ChallengeStoreTest extends ChallengeStoreContract {
    private TestStores db;

    @BeforeEach
    void connect() {
        db = TestDatabases.h2("challengeStore");
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
