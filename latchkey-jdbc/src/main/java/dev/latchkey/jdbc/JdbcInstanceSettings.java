package dev.latchkey.jdbc;

import dev.latchkey.core.spi.InstanceSettings;
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

    @Override
    public String putIfAbsent(String name, String value) {
        return sql.againIfDeadlockVictim(() -> insertOrRead(name, value));
    }

    @Override
    public void replace(String name, String value) {
        sql.update("UPDATE latchkey_setting SET setting_value = ? WHERE name = ?", value, name);
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
