package dev.latchkey.jdbc;

import dev.latchkey.core.spi.UserDirectory;
import dev.latchkey.core.spi.UserDirectoryContract;
import org.junit.jupiter.api.BeforeEach;

class MariaDbUserDirectoryTest extends UserDirectoryContract {
    private TestStores db;

    @BeforeEach
    void connect() {
        db = TestDatabases.mariadb();
    }

    @Override
    protected UserDirectory store() {
        return db.users();
    }
}
