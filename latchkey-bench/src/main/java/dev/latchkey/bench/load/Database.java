package dev.latchkey.bench.load;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The PostgreSQL database on loopback that the Latchkey and baseline targets share. */
final class Database {
    /** {@code LATCHKEY_BENCH_DB} lets two checkouts run the bench side by side. */
    static final String NAME = System.getenv().getOrDefault("LATCHKEY_BENCH_DB", "latchkey_bench");
    static final String URL = "jdbc:postgresql://127.0.0.1:5432/" + NAME;
    static final String USER = "postgres";
    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    private Database() {
    }

    /** Drops and creates the database, so no run depends on what an earlier one left. */
    static void recreate() throws SQLException {
        try (Connection admin = DriverManager.getConnection(ADMIN_URL, USER, "");
             Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + NAME + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + NAME);
        }
    }

    /**
     * Loads {@code challenges} expired sign-in challenges and {@code users} users straight into Latchkey's
     * tables (created by Flyway at the target's first start), as a busy installation would hold them: vacuumed.
     */
    static void loadExpired(int challenges, int users) throws SQLException {
        try (Connection connection = DriverManager.getConnection(URL, USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO latchkey_user (id, email, status, roles, created_at)"
                    + " SELECT 'bench-user-' || i, 'old' || i || '@bench.example', 'active', '',"
                    + " now() - interval '30 days' FROM generate_series(1, " + users + ") AS i");
            statement.execute("INSERT INTO latchkey_challenge (id, purpose, channel, identifier, user_id, link_digest,"
                    + " code_digest, requester_ip, created_at, expires_at, attempts, uses, max_uses, state)"
                    + " SELECT 'bench' || i, 'login', 'email', 'old' || (i % " + users + " + 1) || '@bench.example',"
                    + " 'bench-user-' || (i % " + users + " + 1), sha256(('link' || i)::bytea), sha256(('code' || i)::bytea),"
                    + " '10.0.0.1', now() - interval '2 days' - interval '10 minutes', now() - interval '2 days',"
                    + " 0, 0, 1, 'pending' FROM generate_series(1, " + challenges + ") AS i");
            // An installation gathers these rows over days while autovacuum keeps up; loaded at once and left
            // unvacuumed, the first flows would set every row's hint bits and autovacuum would run during the
            // measurement (pgbench's flow on this load: 252 buffer hits per flow unvacuumed, 186 vacuumed, 150 empty).
            statement.execute("VACUUM ANALYZE latchkey_user");
            statement.execute("VACUUM ANALYZE latchkey_challenge");
        }
    }

    /** Challenges that expired more than a day ago: the loaded ones, which only the purge job removes. */
    static long expiredChallenges() throws SQLException {
        try (Connection connection = DriverManager.getConnection(URL, USER, "");
             Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery(
                     "SELECT count(*) FROM latchkey_challenge WHERE expires_at < now() - interval '1 day'")) {
            count.next();
            return count.getLong(1);
        }
    }
}
