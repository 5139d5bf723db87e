package dev.latchkey.jdbc;

import dev.latchkey.core.spi.ApiSessionStore;
import dev.latchkey.core.spi.ApiSessionStoreContract;
import org.junit.jupiter.api.BeforeEach;

class PostgresApiSessionStoreTest extends ApiSessionStoreContract {
    private TestStores db;

    @BeforeEach
    void connect() {
        db = TestDatabases.postgres();
    }

    @Override
    protected ApiSessionStore store() {
        return db.sessions();
    }
}
