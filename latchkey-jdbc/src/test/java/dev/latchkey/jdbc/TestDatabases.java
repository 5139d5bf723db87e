package dev.latchkey.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Named;
import org.jspecify.annotations.Nullable;

/**
 * Pools on the test databases, migrated once per JVM and emptied before each test. An unreachable
 * server skips the test, except on CI ({@code CI=true}), where it fails and says how to start it.
 */
final class TestDatabases {
    private static final Map<String, Pool> POOLS = new ConcurrentHashMap<>();
    /** Children before parents, so deleting never trips a foreign key. */
    static final String[] TABLES = {"latchkey_oidc_token", "latchkey_oidc_grant", "latchkey_oidc_client",
            "latchkey_oidc_consent", "latchkey_outbox", "latchkey_challenge", "latchkey_user",
            "latchkey_throttle", "latchkey_audit_event", "latchkey_refresh_token", "latchkey_api_session",
            "latchkey_signing_key", "latchkey_setting", "latchkey_passkey", "latchkey_passkey_user",
            "latchkey_passkey_ceremony"};

    private TestDatabases() {
    }

    /** Stores on an in-memory H2 database of this name (one per test class). */
    static TestStores h2(String name) {
        return connect("H2 database " + name, "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "",
                "it is in-memory; check the H2 driver is on the test classpath");
    }

    static TestStores postgres() {
        return connect("PostgreSQL on 127.0.0.1:5432", postgresUrl(), "postgres", "",
                "start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
                        + " (or run .ci/run, which starts it and creates database 'test')");
    }

    static TestStores mariadb() {
        return connect("MariaDB on 127.0.0.1:3306", mariadbUrl(), "root", "",
                "start it with: start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd"
                        + " (or run .ci/run, which starts it and creates database 'test')");
    }

    /** The PostgreSQL test database; {@code LATCHKEY_TEST_POSTGRES_URL} points a parallel checkout at its own. */
    static String postgresUrl() {
        return System.getenv().getOrDefault("LATCHKEY_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    }

    /** The MariaDB test database; {@code LATCHKEY_TEST_MARIADB_URL} points a parallel checkout at its own. */
    static String mariadbUrl() {
        return System.getenv().getOrDefault("LATCHKEY_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test");
    }

    /** H2, PostgreSQL and MariaDB, for tests that run once per database rather than once per class. */
    static Stream<Named<Supplier<TestStores>>> all() {
        return Stream.of(Named.of("H2", () -> h2("jdbc-specific")), Named.of("PostgreSQL", TestDatabases::postgres),
                Named.of("MariaDB", TestDatabases::mariadb));
    }

    private static TestStores connect(String name, String url, String user, String password, String howToStart) {
        Pool pool = POOLS.computeIfAbsent(url, u -> open(u, user, password));
        HikariDataSource dataSource = pool.dataSource();
        if (dataSource == null) {
            throw unreachable(name, pool.failure(), howToStart);
        }
        clean(dataSource);
        return new TestStores(dataSource, new JdbcTransactions(dataSource));
    }

    /** A migrated pool, or the failure to make one, remembered so later classes do not wait again. */
    private record Pool(@Nullable HikariDataSource dataSource, @Nullable RuntimeException failure) {}

    private static Pool open(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(10);
        config.setConnectionTimeout(30_000);
        config.setInitializationFailTimeout(5_000);
        try {
            HikariDataSource dataSource = new HikariDataSource(config);
            LatchkeySchema.migrate(dataSource);
            return new Pool(dataSource, null);
        } catch (RuntimeException e) {
            return new Pool(null, e);
        }
    }

    /** On CI a missing database is a broken build; on a laptop it only skips the test. */
    private static RuntimeException unreachable(String name, @Nullable RuntimeException failure, String howToStart) {
        String message = name + " is not reachable: " + failure;
        if ("true".equals(System.getenv("CI"))) {
            return new IllegalStateException(message + "; " + howToStart, failure);
        }
        return Assumptions.abort(message);
    }

    private static void clean(HikariDataSource dataSource) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String table : TABLES) {
                statement.executeUpdate("DELETE FROM " + table);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not empty the latchkey tables", e);
        }
    }
}
