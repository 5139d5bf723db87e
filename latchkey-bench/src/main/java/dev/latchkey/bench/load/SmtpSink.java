package dev.latchkey.bench.load;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An SMTP server on loopback that accepts every message, answering the end of each message's data after
 * {@code delay}: a mail provider without a network. One thread per connection. A sink started with
 * {@link #indexing()} keeps each message under its recipients until the driver takes it with
 * {@link #awaitMessage}, which blocks until the message is there; one started with {@link #start} throws
 * messages away.
 */
final class SmtpSink implements AutoCloseable {
    private static final Session MIME = Session.getInstance(new Properties());
    private static final Pattern ADDRESS = Pattern.compile("<([^>]*)>");

    private final ServerSocket server;
    private final Duration delay;
    private final boolean index;
    private final AtomicLong messages = new AtomicLong();
    private final Map<String, CompletableFuture<byte[]>> inbox = new ConcurrentHashMap<>();

    private SmtpSink(ServerSocket server, Duration delay, boolean index) {
        this.server = server;
        this.delay = delay;
        this.index = index;
    }

    /** A sink that answers each message after {@code delay} and keeps none. */
    static SmtpSink start(Duration delay) throws IOException {
        return start(delay, false);
    }

    /** A sink that answers at once and keeps each message for {@link #awaitMessage}. */
    static SmtpSink indexing() throws IOException {
        return start(Duration.ZERO, true);
    }

    private static SmtpSink start(Duration delay, boolean index) throws IOException {
        SmtpSink sink = new SmtpSink(new ServerSocket(0, 200, InetAddress.getLoopbackAddress()), delay, index);
        Thread acceptor = new Thread(sink::accept, "smtp-sink");
        acceptor.setDaemon(true);
        acceptor.start();
        return sink;
    }

    int port() {
        return server.getLocalPort();
    }

    long messages() {
        return messages.get();
    }

    /**
     * The text of the message sent to {@code recipient} (every text part, decoded), waiting up to {@code wait}
     * for it to arrive; empty when none came in time. Taking removes it, so the index stays as small as the
     * number of flows in flight.
     */
    Optional<String> awaitMessage(String recipient, Duration wait) throws InterruptedException {
        CompletableFuture<byte[]> slot = slot(recipient);
        try {
            return Optional.of(text(slot.get(wait.toMillis(), TimeUnit.MILLISECONDS)));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a message slot is only ever completed normally", e);
        } finally {
            inbox.remove(recipient, slot);
        }
    }

    private CompletableFuture<byte[]> slot(String recipient) {
        return inbox.computeIfAbsent(recipient.toLowerCase(Locale.ROOT), r -> new CompletableFuture<>());
    }

    private static String text(byte[] raw) {
        try {
            StringBuilder text = new StringBuilder();
            appendText(new MimeMessage(MIME, new ByteArrayInputStream(raw)), text);
            return text.toString();
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("the sink received a message it cannot parse", e);
        }
    }

    private static void appendText(Part part, StringBuilder text) throws MessagingException, IOException {
        Object content = part.getContent();
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                appendText(child, text);
            }
        } else if (content instanceof String string) {
            text.append(string).append('\n');
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                Thread session = new Thread(() -> converse(connection), "smtp-sink-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void converse(Socket connection) {
        try (connection;
             BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.ISO_8859_1));
             Writer out = new OutputStreamWriter(connection.getOutputStream(), StandardCharsets.US_ASCII)) {
            reply(out, "220 localhost bench sink");
            List<String> recipients = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String verb = line.length() < 4 ? line : line.substring(0, 4).toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "MAIL", "RSET" -> {
                        recipients.clear();
                        reply(out, "250 ok");
                    }
                    case "RCPT" -> {
                        Matcher address = ADDRESS.matcher(line);
                        if (address.find()) {
                            recipients.add(address.group(1).toLowerCase(Locale.ROOT));
                        }
                        reply(out, "250 ok");
                    }
                    case "DATA" -> {
                        reply(out, "354 end with <CRLF>.<CRLF>");
                        byte[] data = readData(in);
                        Thread.sleep(delay.toMillis());
                        messages.incrementAndGet();
                        if (index) {
                            recipients.forEach(recipient -> slot(recipient).complete(data));
                        }
                        recipients.clear();
                        reply(out, "250 queued");
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "250 ok");
                }
            }
        } catch (IOException | InterruptedException dropped) {
            // The client hung up or the sink is closing; the next connection is unaffected.
        }
    }

    /** The message up to the lone dot, dot-stuffing undone; kept only by an indexing sink. */
    private byte[] readData(BufferedReader in) throws IOException {
        StringBuilder data = index ? new StringBuilder() : null;
        String line;
        while ((line = in.readLine()) != null && !line.equals(".")) {
            if (data != null) {
                data.append(line.startsWith(".") ? line.substring(1) : line).append("\r\n");
            }
        }
        return data == null ? new byte[0] : data.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void reply(Writer out, String line) throws IOException {
        out.write(line + "\r\n");
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
