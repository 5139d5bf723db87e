package dev.latchkey.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.File;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code latchkey.throttle.backend=redis} with Redis stopped mid-run and started again: the
 * fail-closed instance answers 503 JSON and writes and sends nothing; the fail-open one proceeds
 * and counts the failure. Uses a Redis of its own on a free port, so the shared one is untouched.
 */
class RedisOutageTest {
    private static final String REDIS = "/usr/bin/redis-server";
    private GreenMail smtp;
    private Process redis;
    private int redisPort;
    private ServerProcess closed;
    private ServerProcess open;

    @BeforeEach
    void start() throws Exception {
        Cluster.requirePostgres();
        if (!new File(REDIS).canExecute()) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException("redis-server is not installed at " + REDIS + ": apt-get install redis-server");
            }
            Assumptions.abort("redis-server is not installed at " + REDIS);
        }
        redisPort = ServerProcess.freePort();
        startRedis();
        smtp = new GreenMail(new ServerSetup(ServerProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        closed = ServerProcess.start(ServerProcess.freePort(), Cluster.settings(smtp.getSmtp().getPort(),
                "--latchkey.throttle.backend=redis", "--spring.data.redis.port=" + redisPort,
                "--latchkey.throttle.on-backend-failure=fail-closed"));
        open = ServerProcess.start(ServerProcess.freePort(), Cluster.settings(smtp.getSmtp().getPort(),
                "--latchkey.throttle.backend=redis", "--spring.data.redis.port=" + redisPort,
                "--latchkey.throttle.on-backend-failure=fail-open"));
    }

    @AfterEach
    void stop() throws Exception {
        for (ServerProcess instance : new ServerProcess[] {closed, open}) {
            if (instance != null) {
                instance.close();
            }
        }
        stopRedis();
        if (smtp != null) {
            smtp.stop();
        }
    }

    private void startRedis() throws Exception {
        redis = new ProcessBuilder(REDIS, "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", redisPort)) {
                return;
            } catch (java.io.IOException notYet) {
                redis.waitFor(50, TimeUnit.MILLISECONDS);
            }
        }
        throw new IllegalStateException("redis-server did not start on port " + redisPort);
    }

    private void stopRedis() throws InterruptedException {
        if (redis != null) {
            redis.destroy();
            redis.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int outboxRowsFor(String email) throws Exception {
        try (Connection connection = DriverManager.getConnection(Cluster.POSTGRES, "postgres", "");
             PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM latchkey_outbox WHERE recipient = ?")) {
            query.setString(1, email);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    @Test
    void redisWhenStoppedThenFailClosedAnswers503AndFailOpenProceedsAndCountsIt() throws Exception {
        Cluster.Api api = new Cluster.Api(Cluster.freshIp());
        String before = "before-" + UUID.randomUUID() + "@example.com";
        assertThat(api.post(closed.base() + "/api/auth/request", "{\"email\":\"" + before + "\"}").statusCode())
                .isEqualTo(202);

        stopRedis();
        String refused = "refused-" + UUID.randomUUID() + "@example.com";
        HttpResponse<String> unavailable = api.post(closed.base() + "/api/auth/request", "{\"email\":\"" + refused + "\"}");
        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(unavailable.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
        assertThat(unavailable.body()).contains("\"error\":\"temporarily_unavailable\"");
        assertThat(outboxRowsFor(refused)).as("nothing written, so nothing can be sent").isZero();

        String proceeded = "open-" + UUID.randomUUID() + "@example.com";
        assertThat(api.post(open.base() + "/api/auth/request", "{\"email\":\"" + proceeded + "\"}").statusCode())
                .isEqualTo(202);
        assertThat(Cluster.mailTo(smtp, proceeded).token()).isNotBlank();
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(open.base() + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).containsPattern("latchkey_throttle_backend_failures_total [1-9]");

        startRedis();
        String after = "after-" + UUID.randomUUID() + "@example.com";
        HttpResponse<String> recovered = awaitRecovery(api, after);
        assertThat(recovered.statusCode()).isEqualTo(202);
        assertThat(Cluster.mailTo(smtp, after).token()).isNotBlank();
    }

    /** Lettuce reconnects in the background; give it a bounded moment after Redis is back. */
    private HttpResponse<String> awaitRecovery(Cluster.Api api, String email) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> response;
        do {
            response = api.post(closed.base() + "/api/auth/request", "{\"email\":\"" + email + "\"}");
        } while (response.statusCode() == 503 && System.nanoTime() < deadline && sleepBriefly());
        return response;
    }

    private boolean sleepBriefly() throws InterruptedException {
        redis.waitFor(200, TimeUnit.MILLISECONDS);
        return true;
    }
}
