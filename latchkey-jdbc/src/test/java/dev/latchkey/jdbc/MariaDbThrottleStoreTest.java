package dev.latchkey.jdbc;

import dev.latchkey.core.spi.ThrottleStore;
import dev.latchkey.core.spi.ThrottleStoreContract;
import org.junit.jupiter.api.BeforeEach;

class MariaDbThrottleStoreTest extends ThrottleStoreContract {
    private TestStores db;

    @BeforeEach
    void connect() {
        db = TestDatabases.mariadb();
    }

    @Override
    protected ThrottleStore store() {
        return db.throttles();
    }
}
