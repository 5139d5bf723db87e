package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.latchkey.core.testing.StandardWebhooks;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The runnable server posts a signed {@code LOGIN_SUCCEEDED} webhook for a sign-in through its JSON API. */
class ServerWebhooksTest {
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String EMAIL = "hooked@example.com";

    @Test
    void signInWhenWebhookConfiguredThenReceiverGetsOneSignedLoginSucceededWithoutSecrets() throws Exception {
        WireMockServer receiver = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        receiver.start();
        receiver.stubFor(WireMock.post("/hooks").willReturn(WireMock.aResponse().withStatus(204)));
        try (ConfigurableApplicationContext server = new SpringApplicationBuilder(LatchkeyServer.class).run(
                "--server.port=0", "--spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "--latchkey.secret=server-webhooks-test-secret-0123456789abcdef",
                "--latchkey.delivery.poll-interval=50ms",
                "--latchkey.webhooks[0].url=" + receiver.baseUrl() + "/hooks",
                "--latchkey.webhooks[0].secret=" + SECRET,
                "--latchkey.webhooks[0].events=LOGIN_SUCCEEDED")) {
            String base = "http://localhost:" + ((WebServerApplicationContext) server).getWebServer().getPort();
            assertThat(ServerTest.post(base + "/api/auth/request", "{\"email\":\"" + EMAIL + "\"}").statusCode())
                    .isEqualTo(202);
            String token = ServerTest.tokenFor(server, EMAIL);
            assertThat(ServerTest.post(base + "/api/auth/exchange", "{\"token\":\"" + token + "\"}").statusCode())
                    .isEqualTo(200);

            List<LoggedRequest> calls = awaitCalls(receiver);

            assertThat(calls).singleElement().satisfies(call -> {
                String body = call.getBodyAsString();
                Map<String, String> headers = Map.of("webhook-id", call.getHeader("webhook-id"),
                        "webhook-timestamp", call.getHeader("webhook-timestamp"),
                        "webhook-signature", call.getHeader("webhook-signature"));
                assertThat(StandardWebhooks.verifies(SECRET, headers, body, Instant.now())).isTrue();
                assertThat(body).startsWith("{\"id\":\"" + call.getHeader("webhook-id") + "\",\"type\":\"LOGIN_SUCCEEDED\"")
                        .containsPattern("\"user_id\":\"[^\"]+\"").contains("\"method\":\"link\"")
                        .doesNotContain(EMAIL, token);
            });
        } finally {
            receiver.stop();
        }
    }

    /** The receiver's calls once one arrived, waiting at most 10 s for the server's delivery thread. */
    private static List<LoggedRequest> awaitCalls(WireMockServer receiver) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Object monitor = new Object();
        synchronized (monitor) {
            while (receiver.findAll(WireMock.postRequestedFor(WireMock.urlEqualTo("/hooks"))).isEmpty()
                    && System.nanoTime() < deadline) {
                monitor.wait(20);
            }
        }
        return receiver.findAll(WireMock.postRequestedFor(WireMock.urlEqualTo("/hooks")));
    }
}
