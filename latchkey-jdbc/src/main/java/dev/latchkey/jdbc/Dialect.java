package dev.latchkey.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/** The SQL differences between the databases Latchkey supports, told apart by their product name. */
public enum Dialect {
    POSTGRESQL("postgresql"),
    /** MariaDB 10.6 or later (for {@code SKIP LOCKED}); MySQL 8 uses the same SQL. */
    MARIADB("mariadb"),
    H2("h2");

    private final String folder;

    Dialect(String folder) {
        this.folder = folder;
    }

    /** The dialect of the database behind {@code dataSource}, from {@code DatabaseMetaData.getDatabaseProductName()}. */
    public static Dialect detect(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return of(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new JdbcStoreException("Reading the database product name", e);
        }
    }

    /** The dialect of a product name such as {@code PostgreSQL}, {@code MariaDB}, {@code MySQL} or {@code H2}. */
    public static Dialect of(String productName) {
        String name = productName.toLowerCase(Locale.ROOT);
        if (name.contains("postgresql")) {
            return POSTGRESQL;
        }
        if (name.contains("mariadb") || name.contains("mysql")) {
            return MARIADB;
        }
        if (name.equals("h2")) {
            return H2;
        }
        throw new IllegalArgumentException("Latchkey's JDBC stores support PostgreSQL, MariaDB/MySQL and H2 (was '"
                + productName + "')");
    }

    /** Where this dialect's Flyway migrations live. */
    public String migrationLocation() {
        return "classpath:db/migration/latchkey/" + folder;
    }

    /** Whether {@code UPDATE ... RETURNING} hands back the changed row. */
    boolean updateReturns() {
        return this == POSTGRESQL;
    }

    /** A condition true when {@code column} equals the next parameter, nulls included. */
    String nullSafeEquals(String column) {
        return this == MARIADB ? column + " <=> ?" : column + " IS NOT DISTINCT FROM ?";
    }

    /** Whether {@code INSERT ... ON CONFLICT DO NOTHING} skips a row that breaks a unique constraint. */
    boolean insertSkipsConflicts() {
        return this == POSTGRESQL;
    }

    /**
     * A statement deleting at most {@code ?} (the last parameter) rows of {@code table} matching
     * {@code condition}, oldest {@code orderColumn} first, so purges walk that column's index in
     * bounded steps.
     */
    String boundedDelete(String table, String key, String condition, String orderColumn) {
        String victims = "SELECT " + key + " FROM " + table + " WHERE " + condition + " ORDER BY " + orderColumn
                + " LIMIT ?";
        return switch (this) {
            // Rows another purger already locked are skipped, so concurrent purgers never wait on each other.
            case POSTGRESQL -> "DELETE FROM " + table + " WHERE " + key + " IN (" + victims + " FOR UPDATE SKIP LOCKED)";
            // MariaDB refuses a subquery on the table being deleted from but has DELETE ... LIMIT.
            case MARIADB -> "DELETE FROM " + table + " WHERE " + condition + " ORDER BY " + orderColumn + " LIMIT ?";
            case H2 -> "DELETE FROM " + table + " WHERE " + key + " IN (" + victims + ")";
        };
    }
}
