package dev.latchkey.jdbc;

import dev.latchkey.core.spi.SigningKeyStore;
import dev.latchkey.core.spi.SigningKeyStoreContract;
import org.junit.jupiter.api.BeforeEach;

class H2SigningKeyStoreTest extends SigningKeyStoreContract {
    private TestStores db;

    @BeforeEach
    void connect() {
        db = TestDatabases.h2("signingKeyStore");
    }

    @Override
    protected SigningKeyStore store() {
        return db.signingKeys();
    }
}
