package dev.latchkey.core.security;

import dev.latchkey.core.testing.Harness;

class Rule03AtomicRedemptionInMemoryTest extends Rule03AtomicRedemptionContract {
    @Override
    protected Harness.Stores stores() {
        return Harness.Stores.inMemory();
    }
}
