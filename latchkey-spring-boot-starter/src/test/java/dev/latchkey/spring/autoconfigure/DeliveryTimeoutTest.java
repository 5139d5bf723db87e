package dev.latchkey.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.latchkey.core.delivery.MessageSender;
import dev.latchkey.core.delivery.OutgoingMessage;
import dev.latchkey.core.delivery.SendResult;
import dev.latchkey.core.identity.EmailAddress;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * SPEC §2 rule 17: {@code latchkey.delivery.timeout} bounds each SMTP call. A server that accepts the
 * connection and never answers fails the try within the timeout instead of holding the worker.
 */
class DeliveryTimeoutTest {
    private ServerSocket silent;

    @BeforeEach
    void listenWithoutAnswering() throws Exception {
        // The kernel completes each connection; nobody ever reads or writes on it.
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws Exception {
        silent.close();
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MailSenderAutoConfiguration.class, LatchkeyAutoConfiguration.class))
                .withPropertyValues("latchkey.secret=delivery-timeout-test-secret-0123456789",
                        "spring.mail.host=127.0.0.1", "spring.mail.port=" + silent.getLocalPort());
    }

    @Test
    void smtpSendWhenServerNeverAnswersThenFailsWithinTheTimeout() {
        runner().withPropertyValues("latchkey.delivery.timeout=500ms").run(context -> {
            MessageSender mail = context.getBean(LatchkeyMailConfiguration.DefaultSenders.class).senders().get(0);
            OutgoingMessage message = new OutgoingMessage(new EmailAddress("ada@example.com"), "Sign in", "text", null);

            SendResult result = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> mail.send(message));

            assertThat(result).isInstanceOfSatisfying(SendResult.Failed.class, f -> assertThat(f.retryable()).isTrue());
        });
    }

    @Test
    void smtpTimeoutsWhenSetInSpringMailPropertiesThenKeptAndTheOthersFollowTheDeliveryTimeout() {
        runner().withPropertyValues("latchkey.delivery.timeout=2s", "spring.mail.properties.mail.smtp.timeout=7000")
                .run(context -> assertThat(context.getBean(JavaMailSenderImpl.class).getJavaMailProperties())
                        .containsEntry("mail.smtp.timeout", "7000")
                        .containsEntry("mail.smtp.connectiontimeout", "2000")
                        .containsEntry("mail.smtp.writetimeout", "2000"));
    }

    @Test
    void smtpTimeoutsWhenUnsetThenTenSeconds() {
        runner().run(context -> assertThat(context.getBean(JavaMailSenderImpl.class).getJavaMailProperties())
                .containsEntry("mail.smtp.connectiontimeout", "10000")
                .containsEntry("mail.smtp.timeout", "10000")
                .containsEntry("mail.smtp.writetimeout", "10000"));
    }
}
