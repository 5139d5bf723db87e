package dev.latchkey.jdbc;

import dev.latchkey.core.identity.Channel;
import dev.latchkey.core.identity.Identifier;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.secret.Digest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The statement plumbing every JDBC store shares: binding (instants as UTC {@code LocalDateTime},
 * digests as bytes), reading rows, and telling a unique-constraint refusal from a failure.
 */
final class Sql {
    private static final String INTEGRITY_VIOLATION = "23";

    private final JdbcTransactions transactions;

    Sql(JdbcTransactions transactions) {
        this.transactions = transactions;
    }

    /** A statement's text and its parameters. */
    record Statement(String text, @Nullable Object[] params) {}

    /** Reads one row into a value. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    Dialect dialect() {
        return transactions.dialect();
    }

    int update(String sql, @Nullable Object... params) {
        return transactions.connection(sql, connection -> execute(connection, sql, params));
    }

    /**
     * Runs {@code sql} once per parameter row as one JDBC batch (one round trip where the driver
     * pipelines it) and returns the row count of each.
     */
    int[] batch(String sql, List<@Nullable Object[]> rows) {
        return transactions.connection(sql, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (@Nullable Object[] params : rows) {
                    for (int i = 0; i < params.length; i++) {
                        bind(statement, i + 1, params[i]);
                    }
                    statement.addBatch();
                }
                return statement.executeBatch();
            }
        });
    }

    <T> List<T> list(String sql, RowMapper<T> mapper, @Nullable Object... params) {
        return transactions.connection(sql, connection -> query(connection, sql, mapper, params));
    }

    <T> Optional<T> first(String sql, RowMapper<T> mapper, @Nullable Object... params) {
        return list(sql, mapper, params).stream().findFirst();
    }

    /** Runs {@code work} in one transaction: the caller's when there is one, else a new one. */
    <T> T inTransaction(Supplier<T> work) {
        return transactions.inTransaction(work);
    }

    /**
     * Runs {@code work}, and again (three tries in all) when the database chose it as a deadlock victim:
     * MariaDB may do that to one of several racing first writers of a key instead of refusing it by the
     * key, and a second try then finds the winner's row. Only outside a transaction: a victim's whole
     * transaction is gone, so inside one the failure is the caller's.
     */
    <T> T againIfDeadlockVictim(Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (JdbcStoreException e) {
                if (attempt == 3 || transactions.inTransactionNow() || !(e.getCause() instanceof SQLException cause)
                        || cause.getSQLState() == null || !cause.getSQLState().startsWith("40")) {
                    throw e;
                }
            }
        }
    }

    /**
     * Runs an {@code INSERT} or {@code UPDATE}; empty, changing nothing, when a unique constraint
     * refuses it. Inside a transaction a savepoint keeps the refusal from aborting the rest of it
     * (PostgreSQL aborts a transaction on any error).
     */
    OptionalInt updateUnlessDuplicate(String sql, @Nullable Object... params) {
        return transactions.connection(sql, connection -> {
            Savepoint savepoint = connection.getAutoCommit() ? null : connection.setSavepoint();
            try {
                int count = execute(connection, sql, params);
                release(connection, savepoint);
                return OptionalInt.of(count);
            } catch (SQLException e) {
                if (!isIntegrityViolation(e)) {
                    throw e;
                }
                if (savepoint != null) {
                    connection.rollback(savepoint);
                }
                return OptionalInt.empty();
            }
        });
    }

    static <T> List<T> query(Connection connection, String sql, RowMapper<T> mapper, @Nullable Object... params)
            throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, params); ResultSet rows = statement.executeQuery()) {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return result;
        }
    }

    static int execute(Connection connection, String sql, @Nullable Object... params) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, params)) {
            return statement.executeUpdate();
        }
    }

    static Instant instant(ResultSet row, String column) throws SQLException {
        Instant value = nullableInstant(row, column);
        if (value == null) {
            throw new SQLException("column " + column + " is null");
        }
        return value;
    }

    static @Nullable Instant nullableInstant(ResultSet row, String column) throws SQLException {
        LocalDateTime value = row.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }

    static @Nullable Digest digest(ResultSet row, String column) throws SQLException {
        byte[] value = row.getBytes(column);
        return value == null ? null : Digest.of(value);
    }

    /** The identifier stored as a lower-case channel key and a value, or null when the value is. */
    static @Nullable Identifier identifier(ResultSet row, String channelColumn, String valueColumn)
            throws SQLException {
        String value = row.getString(valueColumn);
        return value == null ? null
                : Identifier.fromStored(Channel.valueOf(row.getString(channelColumn).toUpperCase(Locale.ROOT)), value);
    }

    /**
     * {@code user_id = ? OR identifier IN (…)} with its parameters: the rows of a user and those naming any of
     * its addresses, as an erasure finds them.
     */
    static Condition ofUserOrAddress(UserId user, Collection<? extends Identifier> identifiers) {
        List<@Nullable Object> params = new ArrayList<>();
        params.add(user.value());
        identifiers.forEach(identifier -> params.add(identifier.value()));
        return new Condition("user_id = ?" + (identifiers.isEmpty() ? ""
                : " OR identifier IN (" + placeholders(identifiers.size()) + ")"), params.toArray());
    }

    /** A SQL condition and the parameters of its placeholders, in order. */
    record Condition(String sql, @Nullable Object[] params) {}

    /** {@code count} comma-separated placeholders, for {@code IN (...)}. */
    static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    private static PreparedStatement prepare(Connection connection, String sql, @Nullable Object... params)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < params.length; i++) {
                bind(statement, i + 1, params[i]);
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }

    private static void bind(PreparedStatement statement, int index, @Nullable Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.NULL);
        } else if (value instanceof Instant instant) {
            // Columns hold UTC without a zone, so the JVM's default zone never shifts a timestamp.
            // Columns keep microseconds; truncating (never rounding up) keeps "due at or before now" true
            // for a row written with the same instant it is later compared to.
            statement.setObject(index, LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
        } else if (value instanceof Digest digest) {
            statement.setBytes(index, digest.toBytes());
        } else {
            statement.setObject(index, value);
        }
    }

    private static boolean isIntegrityViolation(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith(INTEGRITY_VIOLATION);
    }

    private static void release(Connection connection, @Nullable Savepoint savepoint) throws SQLException {
        if (savepoint != null) {
            connection.releaseSavepoint(savepoint);
        }
    }
}
