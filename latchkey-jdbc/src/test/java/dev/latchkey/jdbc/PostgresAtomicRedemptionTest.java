package dev.latchkey.jdbc;

import dev.latchkey.core.security.Rule03AtomicRedemptionContract;
import dev.latchkey.core.testing.Harness;

class PostgresAtomicRedemptionTest extends Rule03AtomicRedemptionContract {
    @Override
    protected Harness.Stores stores() {
        return JdbcHarness.fused(TestDatabases.postgres());
    }
}
