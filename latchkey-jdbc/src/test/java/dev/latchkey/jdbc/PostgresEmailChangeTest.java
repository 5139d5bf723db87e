package dev.latchkey.jdbc;

import dev.latchkey.core.EmailChangeContract;
import dev.latchkey.core.testing.Harness;

class PostgresEmailChangeTest extends EmailChangeContract {
    @Override
    protected Harness.Stores stores() {
        return JdbcHarness.stores(TestDatabases.postgres());
    }
}
