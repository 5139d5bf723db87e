/**
 * Latchkey's stores on plain JDBC for PostgreSQL, MariaDB and H2. Create one {@link
 * dev.latchkey.jdbc.JdbcTransactions} per data source, pass it to every store, and run {@link
 * dev.latchkey.jdbc.LatchkeySchema#migrate} once at start-up.
 */
@NullMarked
package dev.latchkey.jdbc;

import org.jspecify.annotations.NullMarked;
