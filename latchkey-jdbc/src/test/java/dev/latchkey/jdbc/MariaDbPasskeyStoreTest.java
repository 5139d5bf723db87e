package dev.latchkey.jdbc;

import dev.latchkey.core.spi.PasskeyStore;
import dev.latchkey.core.spi.PasskeyStoreContract;
import org.junit.jupiter.api.BeforeEach;

class MariaDbPasskeyStoreTest extends PasskeyStoreContract {
    private TestStores db;

    @BeforeEach
    void connect() {
        db = TestDatabases.mariadb();
    }

    @Override
    protected PasskeyStore store() {
        return db.passkeys();
    }
}
