package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.latchkey.spring.delivery.DevMailbox;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The runnable server, started as a user would run it (its own main class, embedded H2 in a data
 * directory, no secret given), and driven over real HTTP.
 */
class ServerTest {
    private static final Pattern TOKEN = Pattern.compile("/([A-Za-z0-9_-]{43})\\b");
    private static final Pattern CODE = Pattern.compile("code is ([0-9]+)");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static WireMockServer twilio;
    private static Path dataDir;

    @BeforeAll
    static void startTwilio() throws IOException {
        twilio = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        twilio.start();
        twilio.stubFor(WireMock.post(WireMock.urlPathMatching("/2010-04-01/Accounts/AC123/Messages.json"))
                .willReturn(WireMock.aResponse().withStatus(201).withBody("{\"sid\":\"SM1\"}")));
        dataDir = Files.createTempDirectory("latchkey-server");
    }

    @AfterAll
    static void stopTwilio() {
        twilio.stop();
    }

    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(LatchkeyServer.class).run("--server.port=0",
                "--spring.datasource.url=jdbc:h2:file:" + dataDir.resolve("latchkey") + ";DB_CLOSE_ON_EXIT=FALSE",
                "--latchkey.channels=email,sms", "--latchkey.sms.provider=twilio",
                "--latchkey.sms.twilio.account-sid=AC123", "--latchkey.sms.twilio.auth-token=secret-token",
                "--latchkey.sms.twilio.from=+15005550006", "--latchkey.sms.twilio.base-url=" + twilio.baseUrl(),
                "--latchkey.delivery.poll-interval=50ms");
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String url, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    private static String await(java.util.function.Supplier<String> found) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            String value = found.get();
            if (value != null) {
                return value;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("nothing arrived within 10 s");
    }

    static String tokenFor(ConfigurableApplicationContext server, String email) {
        DevMailbox mailbox = server.getBean(DevMailbox.class);
        return await(() -> mailbox.messages().stream().filter(m -> m.recipient().equals(email)).findFirst()
                .map(m -> {
                    Matcher token = TOKEN.matcher(m.text());
                    return token.find() ? token.group(1) : null;
                }).orElse(null));
    }

    @Test
    void serverWhenStartedOnItsDefaultsThenServesPagesApiHealthMetricsAndApiDocs() throws Exception {
        try (ConfigurableApplicationContext server = start()) {
            String base = "http://localhost:" + ((WebServerApplicationContext) server).getWebServer().getPort();
            assertThat(get(base + "/login").statusCode()).isEqualTo(200);
            assertThat(get(base + "/actuator/health").body()).contains("\"status\":\"UP\"");

            assertThat(post(base + "/api/auth/request", "{\"email\":\"metrics@example.com\"}").statusCode()).isEqualTo(202);
            String token = tokenFor(server, "metrics@example.com");
            assertThat(post(base + "/api/auth/exchange", "{\"token\":\"" + token + "\"}").statusCode()).isEqualTo(200);

            String metrics = get(base + "/actuator/prometheus").body();
            assertThat(metrics).contains("latchkey_requests_total{channel=\"email\"")
                    .contains("latchkey_sign_ins_total{method=\"link\"")
                    .contains("latchkey_messages_total{channel=\"email\",outcome=\"sent\"")
                    .contains("latchkey_delivery_seconds_count")
                    // Requests are timed; Spring Security's observations are off (they cost CPU per sign-in).
                    .contains("http_server_requests_seconds_count")
                    .doesNotContain("spring_security_");

            String apiDocs = get(base + "/v3/api-docs").body();
            for (String path : List.of("/api/auth/request", "/api/auth/exchange", "/api/auth/refresh", "/api/auth/logout",
                    "/api/auth/logout-all", "/api/auth/me", "/api/auth/email-change", "/api/auth/email-change/confirm",
                    "/api/auth/passkeys", "/api/auth/passkeys/{id}", "/api/auth/passkeys/authenticate/options",
                    "/api/auth/passkeys/authenticate", "/api/auth/passkeys/register/options",
                    "/api/auth/passkeys/register")) {
                assertThat(apiDocs).contains("\"" + path + "\"");
            }
        }
    }

    @Test
    void smsWhenTwilioConfiguredThenCodeIsPostedToTwilioAndWorks() throws Exception {
        try (ConfigurableApplicationContext server = start()) {
            String base = "http://localhost:" + ((WebServerApplicationContext) server).getWebServer().getPort();
            twilio.resetRequests();
            assertThat(post(base + "/api/auth/request", "{\"phone\":\"+1 415 555 2671\"}").statusCode()).isEqualTo(202);
            String body = await(() -> twilio.findAll(WireMock.postRequestedFor(WireMock.anyUrl())).stream()
                    .map(LoggedRequest::getBodyAsString).findFirst().orElse(null));
            String text = URLDecoder.decode(body, StandardCharsets.UTF_8);
            assertThat(text).contains("To=+14155552671").contains("From=+15005550006");
            Matcher code = CODE.matcher(text);
            assertThat(code.find()).isTrue();
            assertThat(text).contains("#" + code.group(1));

            HttpResponse<String> exchanged = post(base + "/api/auth/exchange",
                    "{\"phone\":\"+14155552671\",\"code\":\"" + code.group(1) + "\"}");
            assertThat(exchanged.statusCode()).isEqualTo(200);
            assertThat(exchanged.body()).contains("\"phone\":\"+14155552671\"");
        }
    }

    @Test
    void sessionStoreWhenRedisThenPageSessionsLiveInRedis() throws Exception {
        String namespace = "latchkey-test-" + java.util.UUID.randomUUID();
        try (ConfigurableApplicationContext server = new SpringApplicationBuilder(LatchkeyServer.class).run(
                "--server.port=0", "--latchkey.session.store=redis", "--spring.session.data.redis.namespace=" + namespace,
                "--spring.data.redis.host=127.0.0.1",
                "--spring.datasource.url=jdbc:h2:file:" + dataDir.resolve("redis-sessions") + ";DB_CLOSE_ON_EXIT=FALSE")) {
            String base = "http://localhost:" + ((WebServerApplicationContext) server).getWebServer().getPort();
            HttpResponse<String> login = get(base + "/login");
            assertThat(login.statusCode()).isEqualTo(200);
            assertThat(login.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith("SESSION="));
            var redis = server.getBean(org.springframework.data.redis.core.StringRedisTemplate.class);
            assertThat(redis.keys(namespace + ":sessions:*")).isNotEmpty();
            redis.delete(redis.keys(namespace + ":*"));
        }
    }

    @Test
    void serverWhenRestartedThenGeneratedSecretAndTokensStillWork() throws Exception {
        String refresh;
        String token;
        try (ConfigurableApplicationContext first = start()) {
            String base = "http://localhost:" + ((WebServerApplicationContext) first).getWebServer().getPort();
            post(base + "/api/auth/request", "{\"email\":\"restart@example.com\"}");
            post(base + "/api/auth/request", "{\"email\":\"later@example.com\"}");
            String signIn = tokenFor(first, "restart@example.com");
            token = tokenFor(first, "later@example.com");
            HttpResponse<String> tokens = post(base + "/api/auth/exchange", "{\"token\":\"" + signIn + "\"}");
            Matcher refreshToken = Pattern.compile("\"refresh_token\":\"([^\"]+)\"").matcher(tokens.body());
            assertThat(refreshToken.find()).isTrue();
            refresh = refreshToken.group(1);
        }
        try (ConfigurableApplicationContext second = start()) {
            String base = "http://localhost:" + ((WebServerApplicationContext) second).getWebServer().getPort();
            assertThat(post(base + "/api/auth/exchange", "{\"token\":\"" + token + "\"}").statusCode())
                    .as("a link sent before the restart").isEqualTo(200);
            assertThat(post(base + "/api/auth/refresh", "{\"refresh_token\":\"" + refresh + "\"}").statusCode())
                    .as("a refresh token issued before the restart").isEqualTo(200);
        }
    }
}
