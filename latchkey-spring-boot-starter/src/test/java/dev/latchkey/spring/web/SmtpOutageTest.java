package dev.latchkey.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.latchkey.spring.sample.SampleApplication;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * SPEC §2 rule 17 with a real SMTP server that goes away: requests answer as usual, nothing is
 * lost, and a message still queued when the application stops is sent after it starts again.
 */
class SmtpOutageTest {
    private int smtpPort;
    private GreenMail smtp;
    private Path database;

    @BeforeEach
    void setUp() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            smtpPort = socket.getLocalPort();
        }
        database = Files.createTempDirectory("latchkey-outage");
    }

    @AfterEach
    void tearDown() {
        if (smtp != null) {
            smtp.stop();
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(SampleApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:file:" + database.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE",
                "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + smtpPort,
                "--spring.mail.properties.mail.smtp.connectiontimeout=2000",
                "--spring.mail.properties.mail.smtp.timeout=2000",
                "--latchkey.secret=" + StarterTestSupport.SECRET,
                "--latchkey.delivery.poll-interval=100ms", "--latchkey.delivery.retry-backoff=100ms",
                "--latchkey.delivery.max-attempts=50");
    }

    private void startSmtp() {
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    private static Browser browser(ConfigurableApplicationContext context) {
        return new Browser(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    private static ReceivedMail await(GreenMail smtp) {
        assertThat(smtp.waitForIncomingEmail(15_000, 1)).as("mail arrived").isTrue();
        return ReceivedMail.of(smtp.getReceivedMessages()[0]);
    }

    @Test
    void smtpWhenDownThenRequestAnswersAndMessageIsDeliveredOnceItReturns() {
        try (ConfigurableApplicationContext app = start()) {
            Browser browser = browser(app);
            Browser.Page asked = browser.submit(browser.get("/login"), "form[action='/login']",
                    Map.of("email", "patient@example.com"));
            assertThat(asked.status()).isEqualTo(303);
            assertThat(asked.location()).endsWith("/login/check");

            startSmtp();
            ReceivedMail mail = await(smtp);
            Browser.Page signedIn = browser.submit(browser.get("/login/check"), "form[action='/login/check']",
                    Map.of("code", mail.code()));
            assertThat(signedIn.status()).isEqualTo(303);
            assertThat(browser.follow(signedIn).response().body()).isEqualTo("hello patient@example.com");
        }
    }

    @Test
    void applicationWhenRestartedWithMessageQueuedThenItIsSentAndItsLinkWorks() {
        try (ConfigurableApplicationContext first = start()) {
            Browser browser = browser(first);
            browser.submit(browser.get("/login"), "form[action='/login']", Map.of("email", "restart@example.com"));
        }
        startSmtp();
        try (ConfigurableApplicationContext second = start()) {
            ReceivedMail mail = await(smtp);
            Browser browser = browser(second);
            Browser.Page signedIn = browser.submit(browser.get(mail.linkPath()), "form[action='/login/link']", Map.of());
            assertThat(signedIn.status()).isEqualTo(303);
            assertThat(browser.follow(signedIn).response().body()).isEqualTo("hello restart@example.com");
        }
    }
}
