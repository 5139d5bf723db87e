package dev.latchkey.jdbc;

import dev.latchkey.core.spi.ApiSessionStore;
import dev.latchkey.core.spi.ApiSessionStoreContract;
import org.junit.jupiter.api.BeforeEach;

class MariaDbApiSessionStoreTest extends ApiSessionStoreContract {
    private TestStores db;

    @BeforeEach
    void connect() {
        db = TestDatabases.mariadb();
    }

    @Override
    protected ApiSessionStore store() {
        return db.sessions();
    }
}
