package dev.latchkey.jdbc;

import dev.latchkey.core.EmailChangeContract;
import dev.latchkey.core.testing.Harness;

class H2EmailChangeTest extends EmailChangeContract {
    @Override
    protected Harness.Stores stores() {
        return JdbcHarness.stores(TestDatabases.h2("email_change"));
    }
}
