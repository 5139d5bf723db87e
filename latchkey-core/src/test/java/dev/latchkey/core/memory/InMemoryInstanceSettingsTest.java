package dev.latchkey.core.memory;

import dev.latchkey.core.spi.InstanceSettings;
import dev.latchkey.core.spi.InstanceSettingsContract;

class InMemoryInstanceSettingsTest extends InstanceSettingsContract {
    private final InMemoryInstanceSettings store = new InMemoryInstanceSettings();

    @Override
    protected InstanceSettings settings() {
        return store;
    }
}
