package dev.latchkey.jdbc;

import dev.latchkey.core.spi.CeremonyStore;
import dev.latchkey.core.spi.CeremonyStoreContract;
import org.junit.jupiter.api.BeforeEach;

class MariaDbCeremonyStoreTest extends CeremonyStoreContract {
    private TestStores db;

    @BeforeEach
    void connect() {
        db = TestDatabases.mariadb();
    }

    @Override
    protected CeremonyStore store() {
        return db.ceremonies();
    }
}
