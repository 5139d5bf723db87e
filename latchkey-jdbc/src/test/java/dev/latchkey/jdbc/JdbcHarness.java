package dev.latchkey.jdbc;

import dev.latchkey.core.testing.Harness;

/** Engine-level tests on the JDBC stores of one test database. */
final class JdbcHarness {
    private JdbcHarness() {
    }

    static Harness.Stores stores(TestStores db) {
        return new Harness.Stores(db.challenges(), db.users(), db.outbox(), db.throttles(), db.transactions());
    }
}
