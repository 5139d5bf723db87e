package dev.latchkey.jdbc;

import dev.latchkey.core.spi.UserDirectory;
import dev.latchkey.core.spi.UserDirectoryContract;
import org.junit.jupiter.api.BeforeEach;

class PostgresUserDirectoryTest extends UserDirectoryContract {
    private TestStores db;

    @BeforeEach
    void connect() {
        db = TestDatabases.postgres();
    }

    @Override
    protected UserDirectory store() {
        return db.users();
    }
}
