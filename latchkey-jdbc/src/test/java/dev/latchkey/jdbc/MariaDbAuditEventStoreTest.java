package dev.latchkey.jdbc;

import dev.latchkey.core.spi.AuditEventStore;
import dev.latchkey.core.spi.AuditEventStoreContract;
import org.junit.jupiter.api.BeforeEach;

class MariaDbAuditEventStoreTest extends AuditEventStoreContract {
    private TestStores db;

    @BeforeEach
    void connect() {
        db = TestDatabases.mariadb();
    }

    @Override
    protected AuditEventStore store() {
        return db.audit();
    }
}
