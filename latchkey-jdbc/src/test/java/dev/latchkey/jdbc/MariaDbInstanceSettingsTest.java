package dev.latchkey.jdbc;

import dev.latchkey.core.spi.InstanceSettings;
import dev.latchkey.core.spi.InstanceSettingsContract;
import org.junit.jupiter.api.BeforeEach;

class MariaDbInstanceSettingsTest extends InstanceSettingsContract {
    private TestStores db;

    @BeforeEach
    void connect() {
        db = TestDatabases.mariadb();
    }

    @Override
    protected InstanceSettings settings() {
        return db.settings();
    }
}
