package dev.latchkey.jdbc;

import dev.latchkey.core.spi.CeremonyStore;
import dev.latchkey.core.spi.CeremonyStoreContract;
import org.junit.jupiter.api.BeforeEach;

class H2CeremonyStoreTest extends CeremonyStoreContract {
    private TestStores db;

    @BeforeEach
    void connect() {
        db = TestDatabases.h2("ceremonyStore");
    }

    @Override
    protected CeremonyStore store() {
        return db.ceremonies();
    }
}
