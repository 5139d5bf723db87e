package dev.latchkey.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A sign-in mail as received by the SMTP server, with its link and code read from the text part. */
public record ReceivedMail(MimeMessage message, String to, String subject, String text, String html, String link,
                           String token, String code) {
    private static final Pattern LINK = Pattern.compile("(\\S+://\\S*/([A-Za-z0-9_-]{43}))");
    private static final Pattern CODE = Pattern.compile("(?:code|Code ein): (\\S+)");

    /** Reads a message that must be {@code multipart/alternative} with a text and an HTML part. */
    public static ReceivedMail of(MimeMessage message) {
        try {
            assertThat(message.getContentType()).startsWith("multipart/alternative");
            Multipart parts = (Multipart) message.getContent();
            assertThat(parts.getCount()).isEqualTo(2);
            BodyPart textPart = parts.getBodyPart(0);
            BodyPart htmlPart = parts.getBodyPart(1);
            assertThat(textPart.getContentType()).startsWith("text/plain");
            assertThat(htmlPart.getContentType()).startsWith("text/html");
            String text = (String) textPart.getContent();
            String html = (String) htmlPart.getContent();
            Matcher link = LINK.matcher(text);
            Matcher code = CODE.matcher(text);
            String to = message.getAllRecipients()[0].toString();
            if (!link.find() || !code.find()) {
                return new ReceivedMail(message, to, message.getSubject(), text, html, "", "", "");
            }
            return new ReceivedMail(message, to, message.getSubject(), text, html, link.group(1), link.group(2),
                    code.group(1));
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("unreadable mail", e);
        }
    }

    /** The link's path, to open it on the test server whatever the base URL's host is. */
    public String linkPath() {
        return link.replaceFirst("^\\w+://[^/]+", "");
    }

    @Override
    public String toString() {
        return "ReceivedMail[to=" + to + ", subject=" + subject + "]";
    }
}
