package dev.latchkey.jdbc;

import dev.latchkey.core.spi.UserDirectory;
import dev.latchkey.core.spi.UserDirectoryContract;
import org.junit.jupiter.api.BeforeEach;

class H2UserDirectoryTest extends UserDirectoryContract {
    private TestStores db;

    @BeforeEach
    void connect() {
        db = TestDatabases.h2("userDirectory");
    }

    @Override
    protected UserDirectory store() {
        return db.users();
    }
}
