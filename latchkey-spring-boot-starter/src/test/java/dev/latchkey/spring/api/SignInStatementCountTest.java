package dev.latchkey.spring.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.spring.api.StatementCounter.Counts;
import dev.latchkey.spring.api.StatementCounter.Phase;
import dev.latchkey.spring.delivery.DevMailbox;
import dev.latchkey.spring.sample.SampleApplication;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * SPEC §8: what one full API sign-in (request, delivery of its message, exchange of the link for an
 * API session and refresh token) costs the database, counted statement by statement through a
 * JDBC proxy. PostgreSQL is held to the round-trip budget; on MariaDB and H2, which take more
 * statements, each use case still commits once.
 *
 * <p>Each database runs a warm-up sign-in first, so one-time work (the signing key, caches) is not
 * counted. The counts and every statement are printed, so a regression names its statement.
 */
class SignInStatementCountTest {
    private static final Pattern TOKEN = Pattern.compile("/([A-Za-z0-9_-]{43})\\b");
    private static final long WAIT_NANOS = 20_000_000_000L;

    /** SPEC §8: one full API sign-in on PostgreSQL, request, delivery and exchange together. */
    private static final int ROUND_TRIPS = 6;
    private static final int COMMITS = 4;

    @Test
    void postgresWhenOneApiSignInThenWithinSixRoundTripsAndFourCommits() {
        Map<Phase, Counts> counts = measure("PostgreSQL", System.getenv().getOrDefault("LATCHKEY_TEST_POSTGRES_URL",
                "jdbc:postgresql://127.0.0.1:5432/test"), "postgres");
        int roundTrips = counts.values().stream().mapToInt(Counts::roundTrips).sum();
        int commits = counts.values().stream().mapToInt(Counts::commits).sum();
        assertThat(roundTrips).as("round trips of one API sign-in").isLessThanOrEqualTo(ROUND_TRIPS);
        assertThat(commits).as("commits of one API sign-in").isLessThanOrEqualTo(COMMITS);
        assertEachUseCaseCommitsOnce(counts);
    }

    @Test
    void mariadbWhenOneApiSignInThenEachUseCaseCommitsOnce() {
        assertEachUseCaseCommitsOnce(measure("MariaDB", System.getenv().getOrDefault("LATCHKEY_TEST_MARIADB_URL",
                "jdbc:mariadb://127.0.0.1:3306/test"), "root"));
    }

    @Test
    void h2WhenOneApiSignInThenEachUseCaseCommitsOnce() {
        assertEachUseCaseCommitsOnce(measure("H2", "jdbc:h2:mem:statement-count;DB_CLOSE_DELAY=-1", "sa"));
    }

    /**
     * SPEC §8 on every database: the request (throttle windows included) and the exchange (failure reset
     * included) each commit once; delivery twice, claim with secrets and then completion.
     */
    private static void assertEachUseCaseCommitsOnce(Map<Phase, Counts> counts) {
        assertThat(counts.get(Phase.REQUEST).commits()).as("request commits").isEqualTo(1);
        assertThat(counts.get(Phase.DELIVERY).commits()).as("delivery commits").isEqualTo(2);
        assertThat(counts.get(Phase.EXCHANGE).commits()).as("exchange commits").isEqualTo(1);
    }

    private static Map<Phase, Counts> measure(String database, String url, String user) {
        StatementCounter counter = new StatementCounter();
        try (HikariDataSource pool = pool(database, url, user)) {
            clean(pool);
            DataSource counted = ProxyDataSourceBuilder.create(pool).name("counted")
                    .listener(counter).methodListener(counter).build();
            try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
                    .initializers(c -> c.getBeanFactory().registerSingleton("dataSource", counted))
                    .run("--server.port=0",
                            "--latchkey.secret=count-test-secret-count-test-secret-0123456789",
                            "--latchkey.base-url=http://login.example.test",
                            "--latchkey.mail.transport=dev-mailbox",
                            "--latchkey.throttle.resend-delay=0s",
                            // As the benchmark runs it: throttle windows shared by every instance.
                            "--latchkey.throttle.backend=jdbc",
                            // Only the wake of a request delivers, so nothing else runs during a phase.
                            "--latchkey.delivery.poll-interval=1h",
                            "--latchkey.purge.interval=1h")) {
                JsonApi api = new JsonApi(((WebServerApplicationContext) context).getWebServer().getPort());
                DevMailbox mailbox = context.getBean(DevMailbox.class);
                signIn(api, mailbox, pool, null, unique("warm-up"));
                signIn(api, mailbox, pool, counter, unique("counted"));
            } finally {
                // Its signing key is sealed under this test's secret; later tests on the database use others.
                clean(pool);
            }
        }
        Map<Phase, Counts> counts = new EnumMap<>(Phase.class);
        StringBuilder report = new StringBuilder("one API sign-in on " + database + ": " + counter.total());
        for (Phase phase : Phase.values()) {
            counts.put(phase, counter.counts(phase));
            report.append("\n  ").append(phase).append(": ").append(counts.get(phase));
            counter.counts(phase).log().forEach(line -> report.append("\n    ").append(line));
        }
        System.out.println(report);
        return counts;
    }

    private static void signIn(JsonApi api, DevMailbox mailbox, DataSource uncounted,
                               @Nullable StatementCounter counter, String email) {
        phase(counter, Phase.REQUEST);
        JsonApi.Reply requested = api.post("/api/auth/request", Map.of("email", email));
        phase(counter, Phase.DELIVERY);
        assertThat(requested.status()).as(requested.raw().body()).isEqualTo(202);
        String token = awaitDelivered(mailbox, uncounted, email);
        phase(counter, Phase.EXCHANGE);
        JsonApi.Reply exchanged = api.post("/api/auth/exchange", Map.of("token", token));
        phase(counter, null);
        assertThat(exchanged.status()).as(exchanged.raw().body()).isEqualTo(200);
        assertThat(exchanged.text("access_token")).isNotBlank();
        assertThat(exchanged.text("refresh_token")).isNotBlank();
    }

    private static void phase(@Nullable StatementCounter counter, @Nullable Phase phase) {
        if (counter != null) {
            counter.phase(phase);
        }
    }

    /** The link of {@code email}'s message, once its delivery finished (the {@code MESSAGE_SENT} row is its last write). */
    private static String awaitDelivered(DevMailbox mailbox, DataSource uncounted, String email) {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (System.nanoTime() < deadline) {
            var mine = mailbox.messages().stream().filter(m -> m.recipient().equals(email)).toList();
            if (!mine.isEmpty() && sentRecorded(uncounted, email)) {
                Matcher token = TOKEN.matcher(mine.get(0).text());
                assertThat(token.find()).as("link in the message").isTrue();
                return token.group(1);
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no message to " + email + " within " + WAIT_NANOS / 1_000_000_000 + " s");
    }

    private static boolean sentRecorded(DataSource uncounted, String email) {
        try (Connection connection = uncounted.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT 1 FROM latchkey_audit_event WHERE type = 'MESSAGE_SENT' AND identifier = ?")) {
            statement.setString(1, email);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the audit table", e);
        }
    }

    /**
     * Empties Latchkey's tables on the shared test database, before and after: rows other tests leave,
     * such as signing keys sealed under another secret, break an application started on them. Before
     * the first migration there are none to empty.
     */
    private static void clean(DataSource pool) {
        for (String table : List.of("latchkey_outbox", "latchkey_challenge", "latchkey_user", "latchkey_throttle",
                "latchkey_audit_event", "latchkey_refresh_token", "latchkey_api_session", "latchkey_signing_key",
                "latchkey_setting")) {
            try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
                statement.executeUpdate("DELETE FROM " + table);
            } catch (SQLException e) {
                // The table does not exist yet: the application's migration creates it empty.
            }
        }
    }

    private static HikariDataSource pool(String database, String url, String user) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword("");
        config.setMaximumPoolSize(4);
        config.setInitializationFailTimeout(5_000);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            // As the JDBC module's tests: a database that is not running skips the test, except on CI.
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(database + " at " + url + " is not reachable", e);
            }
            throw Assumptions.<RuntimeException>abort(database + " is not reachable: " + e);
        }
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }
}
