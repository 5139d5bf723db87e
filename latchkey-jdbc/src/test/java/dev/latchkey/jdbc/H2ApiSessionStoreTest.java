package dev.latchkey.jdbc;

import dev.latchkey.core.spi.ApiSessionStore;
import dev.latchkey.core.spi.ApiSessionStoreContract;
import org.junit.jupiter.api.BeforeEach;

class H2ApiSessionStoreTest extends ApiSessionStoreContract {
    private TestStores db;

    @BeforeEach
    void connect() {
        db = TestDatabases.h2("apiSessionStore");
    }

    @Override
    protected ApiSessionStore store() {
        return db.sessions();
    }
}
