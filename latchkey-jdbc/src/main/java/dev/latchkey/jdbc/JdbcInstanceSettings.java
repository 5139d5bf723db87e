package dev.latchkey.jdbc;

import dev.latchkey.core.spi.InstanceSettings;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Settings in {@code latchkey_setting}. The primary key on the name decides a race between instances
 * storing a first value; the losers read the winner's back.
 */
public final class JdbcInstanceSettings implements InstanceSettings {
    private static final String SELECT = "SELECT setting_value FROM latchkey_setting WHERE name = ?";

    private final Sql sql;

    public JdbcInstanceSettings(JdbcTransactions transactions) {
        this.sql = new Sql(transactions);
    }

    @Override
    public Optional<String> find(String name) {
        return sql.first(SELECT, row -> row.getString(1), name);
    }

    /**
     * MariaDB may pick one of several racing first writers as a deadlock victim (SQLState 40001)
     * instead of refusing it by the key; a victim simply tries again and then finds the winner's row.
     */
    @Override
    public String putIfAbsent(String name, String value) {
        for (int attempt = 1; ; attempt++) {
            try {
                return insertOrRead(name, value);
            } catch (JdbcStoreException e) {
                if (attempt == 3 || !(e.getCause() instanceof SQLException cause)
                        || cause.getSQLState() == null || !cause.getSQLState().startsWith("40")) {
                    throw e;
                }
            }
        }
    }

    private String insertOrRead(String name, String value) {
        if (sql.updateUnlessDuplicate("INSERT INTO latchkey_setting (name, setting_value) VALUES (?, ?)", name, value)
                .isPresent()) {
            return value;
        }
        // A locking read sees the winner's committed row even under MariaDB's repeatable-read snapshot.
        return sql.first(SELECT + " FOR UPDATE", row -> row.getString(1), name)
                .orElseThrow(() -> new IllegalStateException(
                        "a setting was refused by its primary key, yet no row holds its name"));
    }
}
