package dev.latchkey.jdbc;

import dev.latchkey.core.testing.Harness;
import dev.latchkey.core.webhook.Webhooks;

/** Engine-level tests on the JDBC stores of one test database. */
final class JdbcHarness {
    private JdbcHarness() {
    }

    /** The JDBC stores, with the hot path as calls on them. */
    static Harness.Stores stores(TestStores db) {
        return new Harness.Stores(db.challenges(), db.users(), db.outbox(), db.throttles(), db.transactions());
    }

    /** {@link #stores(TestStores)} with the API sessions in the database too, as the starter wires them. */
    static Harness.Stores stepwise(TestStores db) {
        return new Harness.Stores(db.challenges(), db.users(), db.outbox(), db.throttles(), db.transactions(),
                db.sessions(), null);
    }

    /** The JDBC stores of a PostgreSQL database, with the hot path as its fused statements. */
    static Harness.Stores fused(TestStores db) {
        return fused(db, Webhooks.none());
    }

    /** {@link #fused(TestStores)} whose statements also queue the calls of {@code webhooks}. */
    static Harness.Stores fused(TestStores db, Webhooks webhooks) {
        return new Harness.Stores(db.challenges(), db.users(), db.outbox(), db.throttles(), db.transactions(),
                db.sessions(), new PostgresSignInStore(db.transactions(), true, webhooks));
    }
}
