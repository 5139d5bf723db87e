package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * SPEC §2 rule 17: with nobody listening on the SMTP port the server stays healthy and accepts
 * requests, the delivery health group reports the mail server's state apart, and the message goes out once an SMTP
 * server comes up on that port.
 */
class SmtpOutageHealthTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private GreenMail smtp;

    @AfterEach
    void stopSmtp() {
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    void healthWhenSmtpIsDownThenUpAndTheMessageIsDeliveredOnceSmtpComesUp() throws Exception {
        int smtpPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            smtpPort = socket.getLocalPort();
        }
        Path data = Files.createTempDirectory("latchkey-smtp-outage");
        try (ConfigurableApplicationContext server = new SpringApplicationBuilder(LatchkeyServer.class).run(
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:file:" + data.resolve("latchkey") + ";DB_CLOSE_ON_EXIT=FALSE",
                "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + smtpPort,
                "--latchkey.delivery.timeout=2s", "--latchkey.delivery.poll-interval=100ms",
                "--latchkey.delivery.retry-backoff=100ms", "--latchkey.delivery.max-attempts=50")) {
            String base = "http://localhost:" + ((WebServerApplicationContext) server).getWebServer().getPort();

            HttpResponse<String> health = get(base + "/actuator/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"");
            HttpResponse<String> mail = get(base + "/actuator/health/delivery");
            assertThat(mail.statusCode()).isEqualTo(503);
            assertThat(mail.body()).contains("\"status\":\"DOWN\"");

            HttpResponse<String> request = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/request"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"patient@example.com\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(request.statusCode()).isEqualTo(202);

            smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            assertThat(smtp.waitForIncomingEmail(15_000, 1)).as("mail arrived").isTrue();
            assertThat(smtp.getReceivedMessages()[0].getAllRecipients()[0].toString()).isEqualTo("patient@example.com");
            assertThat(get(base + "/actuator/health/delivery").statusCode()).isEqualTo(200);
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
