package dev.latchkey.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An SMTP server on loopback that accepts every message and throws it away, answering the end of each
 * message's data after {@code delay}: a slow mail provider without a network. One thread per connection.
 */
final class SmtpSink implements AutoCloseable {
    private final ServerSocket server;
    private final Duration delay;
    private final AtomicLong messages = new AtomicLong();

    private SmtpSink(ServerSocket server, Duration delay) {
        this.server = server;
        this.delay = delay;
    }

    static SmtpSink start(Duration delay) throws IOException {
        SmtpSink sink = new SmtpSink(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), delay);
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
             BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.US_ASCII));
             Writer out = new OutputStreamWriter(connection.getOutputStream(), StandardCharsets.US_ASCII)) {
            reply(out, "220 localhost bench sink");
            String line;
            while ((line = in.readLine()) != null) {
                String verb = line.length() < 4 ? line : line.substring(0, 4).toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "DATA" -> {
                        reply(out, "354 end with <CRLF>.<CRLF>");
                        skipData(in);
                        Thread.sleep(delay.toMillis());
                        messages.incrementAndGet();
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

    private static void skipData(BufferedReader in) throws IOException {
        String line;
        while ((line = in.readLine()) != null && !line.equals(".")) {
            // Message content is not needed.
        }
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
