package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.spring.delivery.DevMailbox;
import java.io.IOException;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * The server's pages and API over real HTTP, as behind a proxy that ends TLS: cookie attributes and HSTS
 * (SPEC §2 rule 13) on Spring Session JDBC, CSRF on every page POST, and JSON errors under {@code /api/**}
 * (SPEC §5).
 */
class ServerWebSecurityTest {
    private static final Pattern TOKEN = Pattern.compile("/login/link/([A-Za-z0-9_-]{43})\\b");
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static ConfigurableApplicationContext https;
    private static ConfigurableApplicationContext http;

    @BeforeAll
    static void start() throws IOException {
        Path dataDir = Files.createTempDirectory("latchkey-server-web");
        https = start(dataDir.resolve("https"), "https://login.example.test");
        http = start(dataDir.resolve("http"), "http://login.example.test");
    }

    @AfterAll
    static void stop() {
        https.close();
        http.close();
    }

    private static ConfigurableApplicationContext start(Path database, String baseUrl) {
        return new SpringApplicationBuilder(LatchkeyServer.class).run("--server.port=0",
                "--spring.datasource.url=jdbc:h2:file:" + database + ";DB_CLOSE_ON_EXIT=FALSE",
                "--latchkey.base-url=" + baseUrl, "--latchkey.delivery.poll-interval=50ms");
    }

    /** A browser on the far side of the proxy: it keeps every cookie, Secure ones included, and records them. */
    private static final class Visitor {
        private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        private final ConfigurableApplicationContext server;
        private final Map<String, String> jar = new LinkedHashMap<>();
        private final List<String> setCookies = new ArrayList<>();
        private String csrf;

        Visitor(ConfigurableApplicationContext server) {
            this.server = server;
        }

        HttpResponse<String> get(String path) {
            return send(request(path).GET());
        }

        HttpResponse<String> post(String path, Map<String, String> form) {
            return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                            .collect(Collectors.joining("&")))));
        }

        /** Posts with the CSRF token of the last page that had a form. */
        HttpResponse<String> submit(String path, Map<String, String> form) {
            Map<String, String> fields = new LinkedHashMap<>(form);
            fields.put("_csrf", csrf);
            return post(path, fields);
        }

        void signIn(String email) {
            get("/login");
            assertThat(submit("/login", Map.of("email", email)).statusCode()).isEqualTo(303);
            String token = linkTokenFor(email);
            get("/login/link/" + token);
            HttpResponse<String> signedIn = submit("/login/link", Map.of("token", token));
            assertThat(signedIn.statusCode()).isEqualTo(303);
            assertThat(get("/account").statusCode()).as("signed in").isEqualTo(200);
        }

        private String linkTokenFor(String email) {
            DevMailbox mailbox = server.getBean(DevMailbox.class);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                for (DevMailbox.Entry message : mailbox.messages()) {
                    Matcher token = TOKEN.matcher(message.text());
                    if (message.recipient().equals(email) && token.find()) {
                        return token.group(1);
                    }
                }
                Thread.onSpinWait();
            }
            throw new AssertionError("no message to " + email + " within 10 s");
        }

        private HttpRequest.Builder request(String path) {
            int port = ((WebServerApplicationContext) server).getWebServer().getPort();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .timeout(Duration.ofSeconds(20));
            if (!jar.isEmpty()) {
                request.header("Cookie", jar.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("; ")));
            }
            return request;
        }

        private HttpResponse<String> send(HttpRequest.Builder request) {
            try {
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                for (String header : response.headers().allValues("Set-Cookie")) {
                    setCookies.add(header);
                    HttpCookie cookie = HttpCookie.parse(header).get(0);
                    if (cookie.getMaxAge() == 0) {
                        jar.remove(cookie.getName());
                    } else {
                        jar.put(cookie.getName(), cookie.getValue());
                    }
                }
                Matcher token = CSRF.matcher(response.body());
                if (token.find()) {
                    csrf = token.group(1);
                }
                return response;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void cookiesWhenBaseUrlIsHttpsThenEverySpringSessionAndBindingCookieIsHttpOnlyLaxAndSecure() {
        Visitor visitor = new Visitor(https);
        visitor.signIn("secure@example.com");
        assertThat(visitor.setCookies).filteredOn(c -> c.startsWith("SESSION=")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(visitor.setCookies).anySatisfy(c -> assertThat(c).startsWith("latchkey_binding="));
        assertThat(visitor.setCookies).allSatisfy(cookie -> assertThat(cookie)
                .containsIgnoringCase("; HttpOnly").containsIgnoringCase("; SameSite=Lax").containsIgnoringCase("; Secure"));
    }

    @Test
    void cookiesWhenBaseUrlIsHttpThenHttpOnlyLaxAndNotSecure() {
        Visitor visitor = new Visitor(http);
        visitor.signIn("plain@example.com");
        assertThat(visitor.setCookies).filteredOn(c -> c.startsWith("SESSION=")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(visitor.setCookies).allSatisfy(cookie -> assertThat(cookie)
                .containsIgnoringCase("; HttpOnly").containsIgnoringCase("; SameSite=Lax")
                .doesNotContainIgnoringCase("; Secure"));
    }

    @Test
    void hstsWhenBaseUrlIsHttpsThenSentEvenOverPlainHttpAndOnlyThen() {
        for (String path : List.of("/login", "/account", "/.well-known/jwks.json")) {
            assertThat(new Visitor(https).get(path).headers().firstValue("Strict-Transport-Security")).as(path)
                    .hasValueSatisfying(hsts -> assertThat(hsts).startsWith("max-age="));
            assertThat(new Visitor(http).get(path).headers().firstValue("Strict-Transport-Security")).as(path).isEmpty();
        }
    }

    @Test
    void pagePostsWhenCsrfTokenMissingThenForbiddenAndNothingHappens() {
        Visitor stranger = new Visitor(http);
        stranger.get("/login");
        assertThat(stranger.post("/login", Map.of("email", "forged@example.com")).statusCode()).isEqualTo(403);

        Visitor visitor = new Visitor(http);
        visitor.signIn("csrf@example.com");
        assertThat(visitor.post("/account/email", Map.of("email", "other@example.com")).statusCode()).isEqualTo(403);
        assertThat(visitor.post("/logout", Map.of()).statusCode()).isEqualTo(403);
        assertThat(visitor.get("/account").statusCode()).as("still signed in").isEqualTo(200);
        assertThat(http.getBean(DevMailbox.class).messages()).noneMatch(m -> m.recipient().equals("forged@example.com")
                || m.recipient().equals("other@example.com"));
    }

    @Test
    void apiErrorsWhenPathUnknownOrMethodWrongThenLatchkeyJsonNotSpringsBody() {
        Visitor client = new Visitor(http);
        HttpResponse<String> unknown = client.get("/api/auth/nothing-here");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(unknown.body()).contains("\"error\":\"not_found\"").contains("\"detail\":").doesNotContain("timestamp");

        HttpResponse<String> outsideAuth = client.get("/api/nothing-here");
        assertThat(outsideAuth.statusCode()).as("no login redirect for an API path").isEqualTo(404);
        assertThat(outsideAuth.body()).contains("\"error\":\"not_found\"").doesNotContain("timestamp");
        HttpResponse<String> postOutsideAuth = client.post("/api/nothing-here", Map.of());
        assertThat(postOutsideAuth.statusCode()).as("an API takes no CSRF token").isEqualTo(404);
        assertThat(postOutsideAuth.body()).contains("\"error\":\"not_found\"");

        HttpResponse<String> wrongMethod = client.get("/api/auth/exchange");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.body()).contains("\"error\":\"method_not_allowed\"").contains("\"detail\":")
                .doesNotContain("timestamp");

        HttpResponse<String> rejected = client.get("/api/auth/me;x=y");
        assertThat(rejected.statusCode()).as("refused by the firewall and rendered by /error").isEqualTo(400);
        assertThat(rejected.body()).contains("\"error\":\"invalid_request\"").contains("\"detail\":")
                .doesNotContain("timestamp");
    }
}
