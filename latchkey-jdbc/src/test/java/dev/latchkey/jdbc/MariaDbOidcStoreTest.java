package dev.latchkey.jdbc;

import dev.latchkey.core.spi.OidcStore;
import dev.latchkey.core.spi.OidcStoreContract;
import org.junit.jupiter.api.BeforeEach;

class MariaDbOidcStoreTest extends OidcStoreContract {
    private TestStores db;

    @BeforeEach
    void connect() {
        db = TestDatabases.mariadb();
    }

    @Override
    protected OidcStore store() {
        return db.oidc();
    }
}
