package dev.latchkey.core.spi;

import dev.latchkey.core.testing.Harness;

/** The engine's own sign-in store: each use case's writes as calls on the in-memory stores. */
class InMemorySignInStoreTest extends SignInStoreContract {
    @Override
    protected Harness.Stores stores() {
        return Harness.Stores.inMemory();
    }
}
