package dev.latchkey.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/** What the multi-instance tests share: PostgreSQL on loopback, one SMTP server, HTTP clients. */
final class Cluster {
    /** {@code LATCHKEY_TEST_POSTGRES_URL} points a parallel checkout at its own database. */
    static final String POSTGRES = System.getenv().getOrDefault("LATCHKEY_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    static final String SECRET = "cluster-test-secret-cluster-test-secret-01";
    private static final Pattern TOKEN = Pattern.compile("/([A-Za-z0-9_-]{43})\\b");
    private static final Pattern CODE = Pattern.compile("code: ([0-9]+)");
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private Cluster() {
    }

    /** Fails on CI when PostgreSQL is missing; elsewhere skips, naming it. */
    static void requirePostgres() {
        try (Connection connection = DriverManager.getConnection(POSTGRES, "postgres", "")) {
            connection.createStatement().execute("DELETE FROM latchkey_throttle");
        } catch (SQLException e) {
            String message = "PostgreSQL on 127.0.0.1:5432 is not reachable: " + e.getMessage();
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(message + "; start it with: pg_ctlcluster --skip-systemctl-redirect"
                        + " $(ls /etc/postgresql) main start", e);
            }
            Assumptions.abort(message);
        }
    }

    /** Settings every instance of the deployment shares; an {@code extra} setting replaces a default of the same name. */
    static List<String> settings(int smtpPort, String... extra) {
        List<String> defaults = List.of(
                "--spring.datasource.url=" + POSTGRES, "--spring.datasource.username=postgres",
                "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + smtpPort,
                "--latchkey.secret=" + SECRET, "--latchkey.base-url=http://login.example.test",
                "--latchkey.throttle.backend=jdbc", "--latchkey.trusted-proxies=127.0.0.1/32",
                "--latchkey.delivery.poll-interval=100ms", "--management.endpoint.health.probes.enabled=true");
        Map<String, String> byName = new java.util.LinkedHashMap<>();
        for (String arg : defaults) {
            byName.put(arg.substring(0, arg.indexOf('=')), arg);
        }
        for (String arg : extra) {
            byName.put(arg.substring(0, arg.indexOf('=')), arg);
        }
        return new ArrayList<>(byName.values());
    }

    /** A client IP of its own for each test, so per-IP windows of other tests and runs never interfere. */
    static String freshIp() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(250));
    }

    record Mail(String token, String code) {}

    /** The newest sign-in message to {@code to}, waiting at most 15 s for it. */
    static Mail mailTo(GreenMail smtp, String to) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            MimeMessage[] received = smtp.getReceivedMessages();
            for (int i = received.length - 1; i >= 0; i--) {
                if (received[i].getAllRecipients()[0].toString().equals(to)) {
                    BodyPart text = ((Multipart) received[i].getContent()).getBodyPart(0);
                    String body = (String) text.getContent();
                    Matcher token = TOKEN.matcher(body);
                    Matcher code = CODE.matcher(body);
                    assertThat(token.find() && code.find()).isTrue();
                    return new Mail(token.group(1), code.group(1));
                }
            }
            smtp.waitForIncomingEmail(200, received.length + 1);
        }
        throw new AssertionError("no mail to " + to);
    }

    /** A browser: keeps cookies across both instances (as behind one load balancer), follows no redirect. */
    static final class Browser {
        private final HttpClient client = HttpClient.newBuilder()
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        private final String ip;

        Browser(String ip) {
            this.ip = ip;
        }

        HttpResponse<String> get(String url) throws Exception {
            return client.send(HttpRequest.newBuilder(URI.create(url)).header("X-Forwarded-For", ip).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /** Posts a form the way the page does: with the CSRF token of the page at {@code pageUrl}. */
        HttpResponse<String> submit(String pageUrl, String actionUrl, Map<String, String> fields) throws Exception {
            Matcher csrf = CSRF.matcher(get(pageUrl).body());
            assertThat(csrf.find()).as("CSRF token on " + pageUrl).isTrue();
            String form = fields.entrySet().stream()
                    .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&")) + "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
            return client.send(HttpRequest.newBuilder(URI.create(actionUrl)).header("X-Forwarded-For", ip)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** A JSON API client calling from {@code ip} through the trusted proxy. */
    static final class Api {
        private final HttpClient client = HttpClient.newHttpClient();
        private final String ip;

        Api(String ip) {
            this.ip = ip;
        }

        HttpResponse<String> post(String url, String json) throws Exception {
            return post(url, json, null);
        }

        HttpResponse<String> post(String url, String json, String bearer) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("X-Forwarded-For", ip)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        static String field(HttpResponse<String> response, String name) {
            Matcher value = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(response.body());
            assertThat(value.find()).as(name + " in " + response.body()).isTrue();
            return value.group(1);
        }
    }
}
