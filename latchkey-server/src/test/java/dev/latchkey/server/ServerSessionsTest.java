package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.spring.delivery.DevMailbox;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * SPEC §2 rule 13 in the server, whose page sessions live in Spring Session (JDBC by default, Redis
 * with {@code latchkey.session.store=redis}): one person signed in on a page and through the API has
 * one set of sessions, so ending them on one surface ends the other too.
 */
class ServerSessionsTest {
    private static final Pattern TOKEN = Pattern.compile("/([A-Za-z0-9_-]{43})\\b");
    private static final Pattern CSRF = Pattern.compile("<input[^>]*name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    private static final Pattern FIELD = Pattern.compile("\"(access_token|refresh_token)\":\"([^\"]+)\"");
    private static Path dataDir;
    private static ConfigurableApplicationContext jdbcSessions;

    @BeforeAll
    static void start() throws IOException {
        dataDir = Files.createTempDirectory("latchkey-sessions");
        jdbcSessions = new SpringApplicationBuilder(LatchkeyServer.class).run("--server.port=0",
                "--spring.datasource.url=jdbc:h2:file:" + dataDir.resolve("jdbc-sessions") + ";DB_CLOSE_ON_EXIT=FALSE",
                "--latchkey.delivery.poll-interval=50ms", "--latchkey.throttle.resend-delay=0s");
    }

    @AfterAll
    static void stop() {
        jdbcSessions.close();
    }

    /** A browser: keeps cookies, follows no redirects, posts forms with the page's CSRF token. */
    private static final class Browser {
        private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        private final String base;

        Browser(String base) {
            this.base = base;
        }

        HttpResponse<String> get(String path) {
            return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
        }

        /** Posts {@code form} to {@code action} with the CSRF token of the page at {@code pagePath}. */
        HttpResponse<String> submit(String pagePath, String action, Map<String, String> form) {
            Matcher csrf = CSRF.matcher(get(pagePath).body());
            assertThat(csrf.find()).as("CSRF field on " + pagePath).isTrue();
            Map<String, String> fields = new LinkedHashMap<>(form);
            fields.put("_csrf", csrf.group(1));
            String body = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
            return send(HttpRequest.newBuilder(URI.create(base + action))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        private HttpResponse<String> send(HttpRequest.Builder request) {
            try {
                return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** One person, signed in in a browser and in an app. */
    private record SignedIn(Browser browser, String access, String refresh) {}

    private static String base(ConfigurableApplicationContext server) {
        return "http://localhost:" + ((WebServerApplicationContext) server).getWebServer().getPort();
    }

    private static String awaitToken(ConfigurableApplicationContext server, String email, long before) {
        DevMailbox mailbox = server.getBean(DevMailbox.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            var mine = mailbox.messages().stream().filter(m -> m.recipient().equals(email)).toList();
            if (mine.size() > before) {
                Matcher token = TOKEN.matcher(mine.get(0).text());
                assertThat(token.find()).isTrue();
                return token.group(1);
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no message to " + email + " within 10 s");
    }

    private static long count(ConfigurableApplicationContext server, String email) {
        return server.getBean(DevMailbox.class).messages().stream().filter(m -> m.recipient().equals(email)).count();
    }

    private static SignedIn signInOnBoth(ConfigurableApplicationContext server, String email) {
        Browser browser = new Browser(base(server));
        long before = count(server, email);
        assertThat(browser.submit("/login", "/login", Map.of("email", email)).statusCode()).isEqualTo(303);
        String link = awaitToken(server, email, before);
        assertThat(browser.submit("/login/link/" + link, "/login/link", Map.of("token", link)).statusCode()).isEqualTo(303);
        assertThat(browser.get("/account").statusCode()).as("signed in on the page").isEqualTo(200);

        Browser app = new Browser(base(server));
        before = count(server, email);
        assertThat(json(app, "/api/auth/request", "{\"email\":\"" + email + "\"}", null).statusCode()).isEqualTo(202);
        HttpResponse<String> tokens = json(app, "/api/auth/exchange",
                "{\"token\":\"" + awaitToken(server, email, before) + "\"}", null);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher field = FIELD.matcher(tokens.body());
        while (field.find()) {
            fields.put(field.group(1), field.group(2));
        }
        return new SignedIn(browser, fields.get("access_token"), fields.get("refresh_token"));
    }

    private static HttpResponse<String> json(Browser client, String path, String body, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(client.base + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return client.send(request);
    }

    private static void assertApiSessionEnded(ConfigurableApplicationContext server, SignedIn person) {
        Browser app = new Browser(base(server));
        HttpResponse<String> refreshed = json(app, "/api/auth/refresh", "{\"refresh_token\":\"" + person.refresh() + "\"}", null);
        assertThat(refreshed.statusCode()).isEqualTo(400);
        assertThat(refreshed.body()).contains("\"invalid_grant\"");
        assertThat(app.send(HttpRequest.newBuilder(URI.create(app.base + "/api/auth/me"))
                .header("Authorization", "Bearer " + person.access()).GET()).statusCode()).isEqualTo(401);
    }

    private static void assertPageSignedOut(SignedIn person) {
        HttpResponse<String> account = person.browser().get("/account");
        assertThat(account.statusCode()).isEqualTo(302);
        assertThat(account.headers().firstValue("Location").orElseThrow()).endsWith("/login");
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    private static void signOutEverywhereOnThePageEndsTheApiSession(ConfigurableApplicationContext server) {
        SignedIn person = signInOnBoth(server, unique("page-everywhere"));
        assertThat(person.browser().submit("/account", "/account/sessions/end", Map.of()).statusCode()).isEqualTo(303);
        assertApiSessionEnded(server, person);
        assertPageSignedOut(person);
    }

    private static void logoutAllThroughTheApiSignsThePageOut(ConfigurableApplicationContext server) {
        SignedIn person = signInOnBoth(server, unique("api-everywhere"));
        assertThat(json(new Browser(base(server)), "/api/auth/logout-all", "{}", person.access()).statusCode()).isEqualTo(204);
        assertPageSignedOut(person);
        assertApiSessionEnded(server, person);
    }

    @Test
    void signOutEverywhereWhenOnThePageThenTheApiSessionIsDeadToo() {
        signOutEverywhereOnThePageEndsTheApiSession(jdbcSessions);
    }

    @Test
    void logoutAllWhenThroughTheApiThenTheJdbcPageSessionIsSignedOut() {
        logoutAllThroughTheApiSignsThePageOut(jdbcSessions);
    }

    @Test
    void bothSurfacesWhenPageSessionsLiveInRedisThenEachSignOutEndsTheOther() {
        String namespace = "latchkey-test-" + UUID.randomUUID();
        try (ConfigurableApplicationContext server = new SpringApplicationBuilder(LatchkeyServer.class).run(
                "--server.port=0", "--latchkey.session.store=redis", "--spring.session.data.redis.namespace=" + namespace,
                "--spring.data.redis.url=" + System.getenv().getOrDefault("LATCHKEY_TEST_REDIS_URL", "redis://127.0.0.1:6379"),
                "--spring.datasource.url=jdbc:h2:file:" + dataDir.resolve("redis-sessions") + ";DB_CLOSE_ON_EXIT=FALSE",
                "--latchkey.delivery.poll-interval=50ms", "--latchkey.throttle.resend-delay=0s")) {
            try {
                signOutEverywhereOnThePageEndsTheApiSession(server);
                logoutAllThroughTheApiSignsThePageOut(server);
            } finally {
                var redis = server.getBean(org.springframework.data.redis.core.StringRedisTemplate.class);
                redis.delete(redis.keys(namespace + ":*"));
            }
        }
    }
}
