package dev.latchkey.jdbc;

import dev.latchkey.core.testing.Harness;

/** Engine-level tests on the JDBC stores of one test database. */
final class JdbcHarness {
    private JdbcHarness() {
    }

    /** The JDBC stores, with the hot path as calls on them. */
    static Harness.Stores stores(TestStores db) {
        return new Harness.Stores(db.challenges(), db.users(), db.outbox(), db.throttles(), db.transactions());
    }

    /** The JDBC stores of a PostgreSQL database, with the hot path as its fused statements. */
    static Harness.Stores fused(TestStores db) {
        return new Harness.Stores(db.challenges(), db.users(), db.outbox(), db.throttles(), db.transactions(),
                db.sessions(), new PostgresSignInStore(db.transactions(), true));
    }
}
