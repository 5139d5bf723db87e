package dev.latchkey.jdbc;

import dev.latchkey.core.EmailChangeContract;
import dev.latchkey.core.testing.Harness;

class MariaDbEmailChangeTest extends EmailChangeContract {
    @Override
    protected Harness.Stores stores() {
        return JdbcHarness.stores(TestDatabases.mariadb());
    }
}
