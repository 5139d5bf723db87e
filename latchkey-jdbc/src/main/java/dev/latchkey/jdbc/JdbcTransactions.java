package dev.latchkey.jdbc;

import dev.latchkey.core.spi.Transactions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Transactions on one data source, shared by the JDBC stores built on it. A transaction binds one
 * connection to the calling thread; stores called on that thread use it, nested calls join it, and
 * outside a transaction each statement takes a pooled connection in auto-commit.
 */
public final class JdbcTransactions implements Transactions {
    private final DataSource dataSource;
    private final Dialect dialect;
    private final ThreadLocal<@Nullable Connection> bound = new ThreadLocal<>();

    /** Transactions on {@code dataSource}, whose dialect is detected once, here. */
    public JdbcTransactions(DataSource dataSource) {
        this(dataSource, Dialect.detect(dataSource));
    }

    public JdbcTransactions(DataSource dataSource, Dialect dialect) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource cannot be null");
        this.dialect = Objects.requireNonNull(dialect, "dialect cannot be null");
    }

    public Dialect dialect() {
        return dialect;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return transaction("Transaction", connection -> work.get());
    }

    /** Whether the calling thread is inside a transaction of this data source. */
    boolean inTransactionNow() {
        return bound.get() != null;
    }

    /** Work that needs a connection. */
    @FunctionalInterface
    interface ConnectionWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} in the thread's transaction, opening one (and committing it) when there is none. */
    <T> T transaction(String what, ConnectionWork<T> work) {
        Connection current = bound.get();
        if (current != null) {
            return run(what, current, work);
        }
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            bound.set(connection);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollback(connection, e);
                throw e;
            } finally {
                bound.remove();
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new JdbcStoreException(what, e);
        }
    }

    /** Runs {@code work} on the thread's transaction connection, or on a pooled one in auto-commit. */
    <T> T connection(String what, ConnectionWork<T> work) {
        Connection current = bound.get();
        if (current != null) {
            return run(what, current, work);
        }
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new JdbcStoreException(what, e);
        }
    }

    private static <T> T run(String what, Connection connection, ConnectionWork<T> work) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new JdbcStoreException(what, e);
        }
    }

    private static void rollback(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
