package dev.latchkey.jdbc;

import dev.latchkey.core.spi.InstanceSettings;
import dev.latchkey.core.spi.InstanceSettingsContract;
import org.junit.jupiter.api.BeforeEach;

class H2InstanceSettingsTest extends InstanceSettingsContract {
    private TestStores db;

    @BeforeEach
    void connect() {
        db = TestDatabases.h2("instanceSettings");
    }

    @Override
    protected InstanceSettings settings() {
        return db.settings();
    }
}
