package dev.latchkey.jdbc;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Creates and upgrades Latchkey's tables with Flyway. It keeps its own history table,
 * {@code latchkey_schema_history}, so it runs beside an application's own Flyway migrations.
 */
public final class LatchkeySchema {
    /** The Flyway history table Latchkey's migrations are recorded in. */
    public static final String HISTORY_TABLE = "latchkey_schema_history";

    private LatchkeySchema() {
    }

    /** Applies every pending Latchkey migration for the database behind {@code dataSource}. */
    public static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations(Dialect.detect(dataSource).migrationLocation())
                .table(HISTORY_TABLE)
                // The schema usually holds the application's tables already: start below V1 so V1 still runs.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
