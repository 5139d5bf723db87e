package dev.latchkey.core;

import dev.latchkey.core.testing.Harness;

class EmailChangeInMemoryTest extends EmailChangeContract {
    @Override
    protected Harness.Stores stores() {
        return Harness.Stores.inMemory();
    }
}
