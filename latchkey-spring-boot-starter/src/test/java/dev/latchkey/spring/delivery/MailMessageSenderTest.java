package dev.latchkey.spring.delivery;

import static dev.latchkey.spring.delivery.Messages.ADA;
import static dev.latchkey.spring.delivery.Messages.CODE;
import static dev.latchkey.spring.delivery.Messages.LINK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.latchkey.core.delivery.OutgoingMessage;
import dev.latchkey.core.delivery.SendResult;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.core.identity.EmailAddress;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;

class MailMessageSenderTest {
    private static final String FROM = "Latchkey <no-reply@example.com>";
    private static final String SUBJECT = "Your sign-in link for Zürich Ünïversity ✓";

    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Test
    void sendWhenServerAcceptsThenMultipartAlternativeWithTextThenHtml() throws Exception {
        SendResult result = sender(GREEN_MAIL.getSmtp().getPort())
                .send(Messages.email(SUBJECT, "Open " + LINK + " or type " + CODE, "<p>Code: <b>" + CODE + "</b></p>"));

        assertThat(result).isEqualTo(new SendResult.Sent());
        MimeMessage received = GREEN_MAIL.getReceivedMessages()[0];
        assertThat(received.getContentType()).startsWith("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) received.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).isEqualToIgnoringCase("text/plain; charset=UTF-8");
        assertThat(parts.getBodyPart(0).getContent()).isEqualTo("Open " + LINK + " or type " + CODE);
        assertThat(parts.getBodyPart(1).getContentType()).isEqualToIgnoringCase("text/html; charset=UTF-8");
        assertThat(parts.getBodyPart(1).getContent()).isEqualTo("<p>Code: <b>" + CODE + "</b></p>");
        assertThat(received.getSubject()).isEqualTo(SUBJECT);
        assertThat(received.getFrom()).containsExactly(new InternetAddress(FROM));
        assertThat(received.getAllRecipients()).extracting(Address::toString).containsExactly("ada@example.com");
    }

    @Test
    void sendWhenHtmlIsNullThenPlainTextOnly() throws Exception {
        SendResult result = sender(GREEN_MAIL.getSmtp().getPort())
                .send(new OutgoingMessage(ADA, SUBJECT, "Open " + LINK, null));

        assertThat(result).isEqualTo(new SendResult.Sent());
        MimeMessage received = GREEN_MAIL.getReceivedMessages()[0];
        assertThat(received.getContentType()).isEqualToIgnoringCase("text/plain; charset=UTF-8");
        assertThat(received.getContent()).isEqualTo("Open " + LINK);
    }

    @Test
    void sendWhenServerIsDownThenRetryableFailure() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        SendResult result = sender(closedPort).send(Messages.email(SUBJECT, LINK + " " + CODE, null));

        assertThat(result).isInstanceOfSatisfying(SendResult.Failed.class, failed -> {
            assertThat(failed.retryable()).isTrue();
            assertThat(failed.reason()).startsWith("smtp: MailSendException").doesNotContain(LINK, CODE);
        });
    }

    @Test
    void sendWhenServerRefusesRecipientPermanentlyThenNotRetryable() throws IOException {
        try (RefusingSmtpServer server = new RefusingSmtpServer("550 5.1.1 <ada@example.com> no such user")) {
            SendResult result = sender(server.port()).send(Messages.email(SUBJECT, LINK + " " + CODE, null));

            assertThat(result).isEqualTo(new SendResult.Failed("smtp 550", false));
        }
    }

    @Test
    void sendWhenServerDefersRecipientThenRetryable() throws IOException {
        try (RefusingSmtpServer server = new RefusingSmtpServer("451 4.3.0 try again later")) {
            SendResult result = sender(server.port()).send(Messages.email(SUBJECT, LINK + " " + CODE, null));

            assertThat(result).isEqualTo(new SendResult.Failed("smtp 451", true));
        }
    }

    @Test
    void failureWhenAddressFailedWith5xxInsideSpringExceptionThenNotRetryable() throws Exception {
        InternetAddress ada = new InternetAddress("ada@example.com");
        SMTPAddressFailedException refused = new SMTPAddressFailedException(ada, "RCPT TO:<ada@example.com>", 553,
                "553 mailbox name not allowed");
        SendFailedException sendFailed = new SendFailedException("Invalid Addresses", refused, new Address[0],
                new Address[0], new Address[] {ada});

        SendResult.Failed failed = MailMessageSender.failure(new MailSendException(Map.of(new Object(), sendFailed)));

        assertThat(failed).isEqualTo(new SendResult.Failed("smtp 553", false));
    }

    @Test
    void failureWhenOnlyInvalidAddressesAreKnownThenNotRetryable() throws Exception {
        SendFailedException sendFailed = new SendFailedException("Invalid Addresses", null, new Address[0],
                new Address[0], new Address[] {new InternetAddress("ada@example.com")});

        assertThat(MailMessageSender.failure(sendFailed)).isEqualTo(new SendResult.Failed("smtp: recipient refused", false));
    }

    @Test
    void failureWhenMessageNamesTheLinkThenReasonDoesNot() {
        MessagingException quoting = new MessagingException("could not send " + LINK + " " + CODE);

        SendResult.Failed failed = MailMessageSender.failure(quoting);

        assertThat(failed.retryable()).isTrue();
        assertThat(failed.reason()).isEqualTo("smtp: MessagingException");
    }

    @Test
    void constructorWhenFromIsNotAnAddressThenNamesTheSetting() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new MailMessageSender(new JavaMailSenderImpl(), "not an address"))
                .withMessageStartingWith("latchkey.mail.from must be an email address");
    }

    @Test
    void sendAllWhenServerAcceptsThenEveryMessageArrivesInOrder() throws Exception {
        List<OutgoingMessage> batch = List.of(Messages.email(SUBJECT, "first " + LINK, null),
                new OutgoingMessage(new EmailAddress("bob@example.com"), SUBJECT, "second", null),
                new OutgoingMessage(new EmailAddress("cy@example.com"), SUBJECT, "third", "<p>third</p>"));

        assertThat(sender(GREEN_MAIL.getSmtp().getPort()).sendAll(batch)).containsOnly(new SendResult.Sent()).hasSize(3);

        assertThat(GREEN_MAIL.getReceivedMessages()).extracting(m -> m.getAllRecipients()[0].toString())
                .containsExactly("ada@example.com", "bob@example.com", "cy@example.com");
    }

    @Test
    void sendAllWhenOneRecipientIsRefusedThenOnlyItsMessageFailsAndOneConnectionCarriesAll() throws IOException {
        try (RefusingSmtpServer server = new RefusingSmtpServer("bob@example.com", "550 5.1.1 no such user")) {
            List<SendResult> results = sender(server.port()).sendAll(List.of(
                    Messages.email(SUBJECT, LINK + " " + CODE, null),
                    new OutgoingMessage(new EmailAddress("bob@example.com"), SUBJECT, LINK, null),
                    new OutgoingMessage(new EmailAddress("cy@example.com"), SUBJECT, LINK, null)));

            assertThat(results).containsExactly(new SendResult.Sent(), new SendResult.Failed("smtp 550", false),
                    new SendResult.Sent());
            assertThat(server.connections()).isEqualTo(1);
            assertThat(server.accepted()).isEqualTo(2);
        }
    }

    @Test
    void sendAllWhenCalledAgainThenTheSameConnectionCarriesTheNextBatch() throws IOException {
        try (RefusingSmtpServer server = new RefusingSmtpServer("nobody refused", "550 5.1.1 no such user")) {
            MailMessageSender sender = sender(server.port());

            assertThat(sender.sendAll(List.of(Messages.email(SUBJECT, LINK, null)))).containsExactly(new SendResult.Sent());
            assertThat(sender.send(new OutgoingMessage(new EmailAddress("bob@example.com"), SUBJECT, LINK, null)))
                    .isEqualTo(new SendResult.Sent());

            assertThat(server.accepted()).isEqualTo(2);
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void sendAllWhenAKeptConnectionRefusesTheFirstRecipientThenItCarriesTheRestOfTheBatch() throws IOException {
        try (RefusingSmtpServer server = new RefusingSmtpServer("bob@example.com", "550 5.1.1 no such user")) {
            MailMessageSender sender = sender(server.port());
            assertThat(sender.send(Messages.email(SUBJECT, LINK, null))).isEqualTo(new SendResult.Sent());

            List<SendResult> results = sender.sendAll(List.of(
                    new OutgoingMessage(new EmailAddress("bob@example.com"), SUBJECT, LINK, null),
                    new OutgoingMessage(new EmailAddress("cy@example.com"), SUBJECT, LINK, null)));

            assertThat(results).containsExactly(new SendResult.Failed("smtp 550", false), new SendResult.Sent());
            assertThat(server.accepted()).isEqualTo(2);
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void sendAllWhenServerDroppedTheKeptConnectionThenTheBatchGoesOverANewOneOnce() throws IOException {
        try (RefusingSmtpServer server = new RefusingSmtpServer("nobody refused", "550 5.1.1 no such user", true)) {
            MailMessageSender sender = sender(server.port());
            assertThat(sender.send(Messages.email(SUBJECT, LINK, null))).isEqualTo(new SendResult.Sent());

            List<SendResult> results = sender.sendAll(List.of(
                    new OutgoingMessage(new EmailAddress("bob@example.com"), SUBJECT, LINK, null)));

            assertThat(results).containsExactly(new SendResult.Sent());
            assertThat(server.accepted()).isEqualTo(2);
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void sendAllWhenServerIsDownThenEveryMessageFailsRetryably() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        List<SendResult> results = sender(closedPort).sendAll(List.of(Messages.email(SUBJECT, LINK, null),
                new OutgoingMessage(new EmailAddress("bob@example.com"), SUBJECT, LINK, null)));

        assertThat(results).hasSize(2).allSatisfy(result -> assertThat(result)
                .isInstanceOfSatisfying(SendResult.Failed.class, failed -> assertThat(failed.retryable()).isTrue()));
    }

    @Test
    void channelThenEmail() {
        assertThat(sender(25).channel()).isEqualTo(Channel.EMAIL);
    }

    private static MailMessageSender sender(int port) {
        JavaMailSenderImpl mail = new JavaMailSenderImpl();
        mail.setHost("127.0.0.1");
        mail.setPort(port);
        mail.getJavaMailProperties().put("mail.smtp.connectiontimeout", "5000");
        mail.getJavaMailProperties().put("mail.smtp.timeout", "5000");
        return new MailMessageSender(mail, FROM);
    }
}
