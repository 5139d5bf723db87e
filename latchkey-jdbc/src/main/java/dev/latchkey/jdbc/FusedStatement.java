package dev.latchkey.jdbc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One PostgreSQL statement made of data-modifying steps ({@code WITH a AS (…), b AS (…) SELECT …}):
 * one round trip and, run outside a transaction, one commit. Every step sees the same snapshot, and
 * a step that should happen only when an earlier one did selects its rows {@code FROM} that one.
 * Parameters are collected in the order the text is written.
 */
final class FusedStatement {
    /**
     * SQL written into a step's row instead of a parameter, e.g. a column of an earlier step, with
     * the parameters of its own placeholders.
     */
    record Expression(String sql, @Nullable Object... params) {}

    private final StringBuilder text = new StringBuilder();
    private final List<@Nullable Object> params = new ArrayList<>();

    /** Adds the step {@code name AS (statement)}. */
    FusedStatement step(String name, String statement, @Nullable Object... values) {
        text.append(text.length() == 0 ? "WITH " : ", ").append(name).append(" AS (").append(statement).append(')');
        params.addAll(Arrays.asList(values));
        return this;
    }

    /**
     * Adds a step inserting one row into {@code table} for each row of {@code from}: its values are
     * parameters, except {@link Expression}s, which are written as they are.
     */
    FusedStatement insert(String name, String table, String columns, String from, @Nullable Object[] row) {
        return insert(name, table, columns, from, row, new @Nullable Object[0]);
    }

    /** {@link #insert(String, String, String, String, Object[])} whose {@code from} has placeholders of its own. */
    FusedStatement insert(String name, String table, String columns, String from, @Nullable Object[] row,
                          @Nullable Object... fromValues) {
        StringBuilder select = new StringBuilder();
        List<@Nullable Object> values = new ArrayList<>();
        for (@Nullable Object value : row) {
            select.append(select.length() == 0 ? "" : ", ");
            if (value instanceof Expression expression) {
                select.append(expression.sql());
                values.addAll(Arrays.asList(expression.params()));
            } else {
                select.append('?');
                values.add(value);
            }
        }
        values.addAll(Arrays.asList(fromValues));
        return step(name, "INSERT INTO " + table + " (" + columns + ") SELECT " + select + " FROM " + from,
                values.toArray());
    }

    /** The whole statement, ending in {@code query}, and its parameters. */
    <T> List<T> run(Sql sql, String query, Sql.RowMapper<T> mapper, @Nullable Object... values) {
        List<@Nullable Object> all = new ArrayList<>(params);
        all.addAll(Arrays.asList(values));
        return sql.list(text + " " + query, mapper, all.toArray());
    }
}
