package dev.latchkey.spring.web;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;

/** What the page tests share: an SMTP server, a fresh database, generous throttles, fast delivery. */
public abstract class StarterTestSupport {
    public static final String SECRET = "starter-test-secret-starter-test-secret-01";
    private static final ServerSetup SMTP = ServerSetupTest.SMTP.dynamicPort();

    @LocalServerPort
    protected int port;

    protected static GreenMailExtension smtp() {
        return new GreenMailExtension(SMTP).withPerMethodLifecycle(false);
    }

    protected static void properties(DynamicPropertyRegistry registry, GreenMailExtension smtp) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> smtp.getSmtp().getPort());
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        registry.add("latchkey.secret", () -> SECRET);
        registry.add("latchkey.base-url", () -> "http://login.example.test");
        registry.add("latchkey.throttle.requests-per-ip", () -> "1000/1h");
        registry.add("latchkey.throttle.requests-per-identifier", () -> "100/1h");
        registry.add("latchkey.throttle.failures-per-ip", () -> "1000/1h");
        registry.add("latchkey.delivery.poll-interval", () -> "100ms");
        registry.add("latchkey.delivery.retry-backoff", () -> "200ms");
    }

    protected Browser browser() {
        return new Browser(port);
    }

    /** Waits for the next {@code count} mails and returns the newest one addressed to {@code to}. */
    protected static ReceivedMail mailTo(GreenMailExtension smtp, String to) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            List<MimeMessage> received = Arrays.asList(smtp.getReceivedMessages());
            for (int i = received.size() - 1; i >= 0; i--) {
                ReceivedMail mail = ReceivedMail.of(received.get(i));
                if (mail.to().equals(to) && !SEEN.contains(received.get(i))) {
                    SEEN.add(received.get(i));
                    return mail;
                }
            }
            smtp.waitForIncomingEmail(200, received.size() + 1);
        }
        throw new AssertionError("no mail to " + to + " within 15 s");
    }

    private static final List<MimeMessage> SEEN = new java.util.concurrent.CopyOnWriteArrayList<>();
}
