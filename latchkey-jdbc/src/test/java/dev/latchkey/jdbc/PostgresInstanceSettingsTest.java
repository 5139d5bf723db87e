package dev.latchkey.jdbc;

import dev.latchkey.core.spi.InstanceSettings;
import dev.latchkey.core.spi.InstanceSettingsContract;
import org.junit.jupiter.api.BeforeEach;

class PostgresInstanceSettingsTest extends InstanceSettingsContract {
    private TestStores db;

    @BeforeEach
    void connect() {
        db = TestDatabases.postgres();
    }

    @Override
    protected InstanceSettings settings() {
        return db.settings();
    }
}
