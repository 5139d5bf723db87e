package dev.latchkey.jdbc;

import java.sql.SQLException;

/** A statement of a Latchkey JDBC store failed. Messages name the statement, never a bound value. */
public final class JdbcStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    JdbcStoreException(String what, SQLException cause) {
        super(what + " failed (SQLState " + cause.getSQLState() + ")", cause);
    }
}
