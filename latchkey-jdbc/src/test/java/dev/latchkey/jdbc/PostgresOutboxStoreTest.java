package dev.latchkey.jdbc;

import dev.latchkey.core.spi.ChallengeStore;
import dev.latchkey.core.spi.OutboxStore;
import dev.latchkey.core.spi.OutboxStoreContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PostgresOutboxStoreTest extends OutboxStoreContract {
    private TestStores db;

    @BeforeEach
    void connect() {
        db = TestDatabases.postgres();
    }

    @Override
    protected OutboxStore store() {
        return db.outbox();
    }

    @Override
    protected ChallengeStore challenges() {
        return db.challenges();
    }

    @Test
    void claimDueWhenTwoWorkersShareThousandEntriesThenEachIsClaimedOnce() throws Exception {
        assertEveryEntryClaimedOnce(1_000, 10);
    }
}
