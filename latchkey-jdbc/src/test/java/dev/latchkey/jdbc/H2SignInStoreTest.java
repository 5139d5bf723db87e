package dev.latchkey.jdbc;

import dev.latchkey.core.spi.SignInStoreContract;
import dev.latchkey.core.testing.Harness;

/** The engine's own sign-in store on H2's JDBC stores, throttle windows inside its transactions. */
class H2SignInStoreTest extends SignInStoreContract {
    @Override
    protected Harness.Stores stores() {
        return JdbcHarness.stepwise(TestDatabases.h2("signInStore"));
    }
}
