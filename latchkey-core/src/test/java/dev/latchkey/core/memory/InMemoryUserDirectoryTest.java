package dev.latchkey.core.memory;

import dev.latchkey.core.spi.UserDirectory;
import dev.latchkey.core.spi.UserDirectoryContract;

class InMemoryUserDirectoryTest extends UserDirectoryContract {
    private final InMemoryUserDirectory store = new InMemoryUserDirectory();

    @Override
    protected UserDirectory store() {
        return store;
    }
}
