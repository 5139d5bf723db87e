package dev.latchkey.spring.delivery;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SMTP server that answers every {@code RCPT TO} (or only those naming one address) with one fixed
 * reply, e.g. {@code 550 5.1.1 no such user}, accepts the rest, and counts connections and the
 * messages it accepted. GreenMail accepts every recipient, so refusals need this stub.
 */
final class RefusingSmtpServer implements AutoCloseable {
    private final ServerSocket socket;
    private final String refused;
    private final String rcptReply;
    private final boolean hangUpAfterMessage;
    private final Thread thread;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();

    /** Refuses every recipient with {@code rcptReply}. */
    RefusingSmtpServer(String rcptReply) {
        this("", rcptReply);
    }

    /** Refuses with {@code rcptReply} the recipients whose {@code RCPT TO} line contains {@code refused}. */
    RefusingSmtpServer(String refused, String rcptReply) {
        this(refused, rcptReply, false);
    }

    /**
     * As {@link #RefusingSmtpServer(String, String)}; with {@code hangUpAfterMessage}, it drops the connection
     * after each accepted message without a word, as a server does with a client idle beyond its timeout.
     */
    RefusingSmtpServer(String refused, String rcptReply, boolean hangUpAfterMessage) {
        this.refused = refused;
        this.rcptReply = rcptReply;
        this.hangUpAfterMessage = hangUpAfterMessage;
        try {
            socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        thread = new Thread(this::serve, "refusing-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** How many SMTP connections were opened. */
    int connections() {
        return connections.get();
    }

    /** How many messages were accepted ({@code DATA} ended with {@code 250}). */
    int accepted() {
        return accepted.get();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                connections.incrementAndGet();
                converse(client);
            } catch (IOException e) {
                // The socket was closed by close(), or the client hung up; either ends this conversation.
            }
        }
    }

    private void converse(Socket client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
        PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.US_ASCII);
        reply(out, "220 refusing-smtp ready");
        String line;
        while ((line = in.readLine()) != null) {
            String command = line.length() < 4 ? line : line.substring(0, 4).toUpperCase(Locale.ROOT);
            switch (command) {
                case "RCPT" -> reply(out, line.contains(refused) ? rcptReply : "250 ok");
                case "DATA" -> {
                    reply(out, "354 go ahead");
                    while ((line = in.readLine()) != null && !line.equals(".")) {
                        // The message body is not kept.
                    }
                    accepted.incrementAndGet();
                    reply(out, "250 accepted");
                    if (hangUpAfterMessage) {
                        return;
                    }
                }
                case "QUIT" -> {
                    reply(out, "221 bye");
                    return;
                }
                default -> reply(out, "250 ok");
            }
        }
    }

    private static void reply(PrintWriter out, String reply) {
        out.print(reply + "\r\n");
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
