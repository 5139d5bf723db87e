package dev.latchkey.jdbc;

import dev.latchkey.core.spi.SigningKeyStore;
import dev.latchkey.core.spi.SigningKeyStoreContract;
import org.junit.jupiter.api.BeforeEach;

class MariaDbSigningKeyStoreTest extends SigningKeyStoreContract {
    private TestStores db;

    @BeforeEach
    void connect() {
        db = TestDatabases.mariadb();
    }

    @Override
    protected SigningKeyStore store() {
        return db.signingKeys();
    }
}
