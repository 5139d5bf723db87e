package dev.latchkey.jdbc;

import dev.latchkey.core.spi.SignInStoreContract;
import dev.latchkey.core.testing.Harness;

/** The engine's own sign-in store on MariaDb's JDBC stores, throttle windows inside its transactions. */
class MariaDbSignInStoreTest extends SignInStoreContract {
    @Override
    protected Harness.Stores stores() {
        return JdbcHarness.stepwise(TestDatabases.mariadb());
    }
}
