package dev.latchkey.spring.delivery;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.jspecify.annotations.Nullable;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * SMTP connections kept open between batches. Spring's {@link JavaMailSenderImpl} connects, greets and quits
 * for every call: under load, a TCP connection, the greeting, EHLO and QUIT for almost every message, a third
 * of the time spent sending mail in the bench's profile. Each batch takes an idle connection (the newest) or
 * opens one with the sender's host, port, protocol and credentials, and gives it back when the server still
 * answers.
 *
 * <p>A connection idle for {@link #MAX_IDLE} is closed instead of reused, well inside the five minutes
 * RFC 5321 (§4.5.3.2.7) asks a server to wait. When a reused connection fails its batch's first message and no
 * longer answers (the server may have dropped it meanwhile), it is closed and the whole batch goes over a new
 * connection; a message the server refused on a live connection stays refused.
 */
final class SmtpConnections {
    static final Duration MAX_IDLE = Duration.ofSeconds(10);

    private final JavaMailSenderImpl sender;
    private final Deque<Idle> idle = new ConcurrentLinkedDeque<>();

    private record Idle(Transport transport, long sinceNanos) {}

    SmtpConnections(JavaMailSenderImpl sender) {
        this.sender = Objects.requireNonNull(sender, "sender");
    }

    /** Sends {@code messages} in order; one entry per message, {@code null} when the server accepted it. */
    List<@Nullable Exception> send(List<MimeMessage> messages) {
        List<@Nullable Exception> failures = new ArrayList<>(messages.size());
        Transport transport = reusable();
        if (transport != null && !sent(transport, messages.get(0), failures) && !transport.isConnected()) {
            closeQuietly(transport);
            failures.clear();
            transport = null;
        }
        if (transport == null) {
            try {
                transport = connect();
            } catch (AuthenticationFailedException e) {
                return Collections.nCopies(messages.size(), new MailAuthenticationException(e));
            } catch (MessagingException | RuntimeException e) {
                // Wrapped as Spring wraps it, so a failure's reason reads the same with either sender.
                MailSendException failed = new MailSendException("Mail server connection failed", e);
                return Collections.nCopies(messages.size(), failed);
            }
        }
        for (int i = failures.size(); i < messages.size(); i++) {
            sent(transport, messages.get(i), failures);
        }
        release(transport, failures);
        return failures;
    }

    private @Nullable Transport reusable() {
        long now = System.nanoTime();
        for (Idle kept = idle.pollFirst(); kept != null; kept = idle.pollFirst()) {
            if (now - kept.sinceNanos() < MAX_IDLE.toNanos()) {
                return kept.transport();
            }
            closeQuietly(kept.transport());
        }
        return null;
    }

    /** As Spring's sender connects: an empty user name or password means none. */
    private Transport connect() throws MessagingException {
        String protocol = sender.getProtocol();
        if (protocol == null) {
            protocol = Objects.requireNonNullElse(sender.getSession().getProperty("mail.transport.protocol"),
                    JavaMailSenderImpl.DEFAULT_PROTOCOL);
        }
        String username = sender.getUsername();
        String password = sender.getPassword();
        if ("".equals(username)) {
            username = null;
            password = "".equals(password) ? null : password;
        }
        Transport transport = sender.getSession().getTransport(protocol);
        transport.connect(sender.getHost(), sender.getPort(), username, password);
        return transport;
    }

    private static boolean sent(Transport transport, MimeMessage message, List<@Nullable Exception> failures) {
        try {
            message.saveChanges();
            Address[] recipients = message.getAllRecipients();
            transport.sendMessage(message, recipients != null ? recipients : new Address[0]);
            failures.add(null);
            return true;
        } catch (MessagingException | RuntimeException e) {
            failures.add(e);
            return false;
        }
    }

    /** Keeps the connection unless a failure left it closed; asking the server (NOOP) only after a failure. */
    private void release(Transport transport, List<@Nullable Exception> failures) {
        if (failures.stream().allMatch(Objects::isNull) || transport.isConnected()) {
            idle.addFirst(new Idle(transport, System.nanoTime()));
        } else {
            closeQuietly(transport);
        }
    }

    private static void closeQuietly(Transport transport) {
        try {
            transport.close();
        } catch (MessagingException | RuntimeException e) {
            // Closing says QUIT; a server that is gone cannot answer it, and the connection is dropped either way.
        }
    }
}
