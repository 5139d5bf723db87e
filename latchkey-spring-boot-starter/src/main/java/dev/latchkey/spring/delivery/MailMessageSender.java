package dev.latchkey.spring.delivery;

import dev.latchkey.core.delivery.MessageSender;
import dev.latchkey.core.delivery.OutgoingMessage;
import dev.latchkey.core.delivery.SendResult;
import dev.latchkey.core.identity.Channel;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Sends email over SMTP through Spring's {@link JavaMailSender}: a {@code multipart/alternative}
 * message with a UTF-8 text part then a UTF-8 HTML part, or a plain UTF-8 text message when there
 * is no HTML.
 *
 * <p>A recipient the server refuses with a 5xx reply is a permanent failure; anything else (the
 * server is down, a timeout, a 4xx reply) is retried by the delivery worker. A failure's reason
 * names exception types and SMTP reply codes only, never message text, which may quote the body.
 */
public final class MailMessageSender implements MessageSender {
    private static final String UTF_8 = StandardCharsets.UTF_8.name();
    private static final int PERMANENT = 500;

    private final JavaMailSender mailSender;
    private final InternetAddress from;
    /** Context class loader while mail is built and sent: Jakarta Mail finds its providers without a scan. */
    private final MailClassLoader classLoader;
    /** Kept-open connections when the sender is Spring's own; another {@link JavaMailSender} sends as it sends. */
    private final @Nullable SmtpConnections connections;

    /**
     * A sender that sends from {@code from}, e.g. {@code Example <no-reply@example.com>}.
     *
     * @throws IllegalArgumentException when {@code from} is not an email address
     */
    public MailMessageSender(JavaMailSender mailSender, String from) {
        this.mailSender = Objects.requireNonNull(mailSender, "mailSender");
        this.from = parseFrom(Objects.requireNonNull(from, "from"));
        ClassLoader application = Thread.currentThread().getContextClassLoader();
        this.classLoader = new MailClassLoader(application != null ? application : getClass().getClassLoader());
        this.connections = mailSender instanceof JavaMailSenderImpl smtp ? new SmtpConnections(smtp) : null;
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public SendResult send(OutgoingMessage message) {
        return sendAll(List.of(message)).get(0);
    }

    /**
     * Sends the batch over one SMTP connection, kept open for the next batch when Spring's own
     * {@link JavaMailSenderImpl} is the sender. A message the server refuses fails alone; a connection that
     * cannot be opened fails every message.
     */
    @Override
    public List<SendResult> sendAll(List<OutgoingMessage> messages) {
        return classLoader.run(() -> sendBatch(messages));
    }

    private List<SendResult> sendBatch(List<OutgoingMessage> messages) {
        List<@Nullable SendResult> results = new ArrayList<>(Collections.nCopies(messages.size(), null));
        List<MimeMessage> mimes = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            try {
                mimes.add(mime(messages.get(i)));
                positions.add(i);
            } catch (MessagingException e) {
                results.set(i, failure(e));
            }
        }
        List<@Nullable Exception> failures = mimes.isEmpty() ? List.of()
                : connections != null ? connections.send(mimes) : sendThroughSpring(mimes);
        for (int j = 0; j < failures.size(); j++) {
            Exception cause = failures.get(j);
            results.set(positions.get(j), cause == null ? new SendResult.Sent() : failure(cause));
        }
        return results.stream().map(Objects::requireNonNull).toList();
    }

    /** One entry per message, {@code null} when it was sent: Spring reports each failed message apart. */
    private List<@Nullable Exception> sendThroughSpring(List<MimeMessage> mimes) {
        try {
            mailSender.send(mimes.toArray(MimeMessage[]::new));
            return Collections.nCopies(mimes.size(), null);
        } catch (MailSendException e) {
            Map<Object, Exception> failed = e.getFailedMessages();
            List<@Nullable Exception> failures = new ArrayList<>();
            mimes.forEach(mime -> failures.add(failed.isEmpty() ? e : failed.get(mime)));
            return failures;
        } catch (MailException e) {
            return Collections.nCopies(mimes.size(), e);
        }
    }

    private MimeMessage mime(OutgoingMessage message) throws MessagingException {
        MimeMessage mime = mailSender.createMimeMessage();
        mime.setFrom(from);
        mime.setSentDate(new Date());
        mime.setRecipient(Message.RecipientType.TO, new InternetAddress(message.recipient().value(), true));
        mime.setSubject(message.subject(), UTF_8);
        String html = message.html();
        if (html == null) {
            mime.setText(message.text(), UTF_8, "plain");
            return mime;
        }
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(part(message.text(), "plain"));
        alternative.addBodyPart(part(html, "html"));
        mime.setContent(alternative);
        return mime;
    }

    private static MimeBodyPart part(String body, String subtype) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setText(body, UTF_8, subtype);
        return part;
    }

    /** Classifies a failed send; package-private so tests can hand it exceptions no test server produces. */
    static SendResult.Failed failure(Exception failure) {
        Set<Throwable> causes = causes(failure);
        for (Throwable cause : causes) {
            int code = replyCode(cause);
            if (code > 0) {
                return new SendResult.Failed("smtp " + code, code < PERMANENT);
            }
        }
        for (Throwable cause : causes) {
            if (refusedRecipients(cause)) {
                return new SendResult.Failed("smtp: recipient refused", false);
            }
        }
        Throwable root = rootCause(failure);
        String reason = root == failure
                ? failure.getClass().getSimpleName()
                : failure.getClass().getSimpleName() + " caused by " + root.getClass().getSimpleName();
        return new SendResult.Failed("smtp: " + reason, true);
    }

    /**
     * Every exception reachable from {@code failure}, outermost first. Spring keeps per-message
     * failures apart from the cause, and Jakarta Mail chains SMTP replies as "next" exceptions.
     */
    private static Set<Throwable> causes(Throwable failure) {
        Set<Throwable> seen = new LinkedHashSet<>();
        Deque<Throwable> pending = new ArrayDeque<>();
        pending.add(failure);
        while (!pending.isEmpty()) {
            Throwable next = pending.removeFirst();
            if (!seen.add(next)) {
                continue;
            }
            if (next.getCause() != null) {
                pending.add(next.getCause());
            }
            if (next instanceof MessagingException messaging && messaging.getNextException() != null) {
                pending.add(messaging.getNextException());
            }
            if (next instanceof MailSendException send) {
                pending.addAll(send.getFailedMessages().values());
            }
        }
        return seen;
    }

    private static Throwable rootCause(Throwable failure) {
        Set<Throwable> seen = new LinkedHashSet<>();
        Throwable root = failure;
        while (root.getCause() != null && seen.add(root)) {
            root = root.getCause();
        }
        return root;
    }

    /**
     * The SMTP reply code Angus Mail attaches to its exceptions, or -1. It is read by name because
     * Angus Mail is only on the runtime classpath of Spring Boot's mail starter.
     */
    private static int replyCode(Throwable failure) {
        if (!failure.getClass().getName().startsWith("org.eclipse.angus.mail.smtp.")) {
            return -1;
        }
        try {
            return (int) failure.getClass().getMethod("getReturnCode").invoke(failure);
        } catch (ReflectiveOperationException | ClassCastException e) {
            return -1;
        }
    }

    /** Jakarta Mail lists a recipient as invalid only when the server refused it for good. */
    private static boolean refusedRecipients(Throwable failure) {
        if (!(failure instanceof SendFailedException sendFailed)) {
            return false;
        }
        Address[] invalid = sendFailed.getInvalidAddresses();
        return invalid != null && invalid.length > 0;
    }

    private static InternetAddress parseFrom(String from) {
        try {
            return new InternetAddress(from, true);
        } catch (AddressException e) {
            throw new IllegalArgumentException(
                    "latchkey.mail.from must be an email address, e.g. no-reply@example.com (was " + from + ")", e);
        }
    }
}
