package dev.latchkey.jdbc;

import dev.latchkey.core.spi.OidcStore;
import dev.latchkey.core.spi.OidcStoreContract;
import org.junit.jupiter.api.BeforeEach;

class PostgresOidcStoreTest extends OidcStoreContract {
    private TestStores db;

    @BeforeEach
    void connect() {
        db = TestDatabases.postgres();
    }

    @Override
    protected OidcStore store() {
        return db.oidc();
    }
}
