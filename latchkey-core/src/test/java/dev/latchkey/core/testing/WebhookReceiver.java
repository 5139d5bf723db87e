package dev.latchkey.core.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver on a free loopback port: answers the calls it gets with the statuses it was
 * given, in order (the last one for every call after), and keeps each call's headers and body.
 */
public final class WebhookReceiver implements AutoCloseable {
    private final HttpServer server;
    private final int[] statuses;
    private final AtomicInteger calls = new AtomicInteger();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    /** A call as it arrived, with lower-case header names, and the status it was answered. */
    public record Received(Map<String, String> headers, String body, int status) {}

    private WebhookReceiver(int... statuses) {
        this.statuses = statuses.clone();
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hooks", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
            int status = this.statuses[Math.min(calls.getAndIncrement(), this.statuses.length - 1)];
            received.add(new Received(headers, body, status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** A receiver answering its calls with {@code statuses}, e.g. {@code 500, 500, 200}. */
    public static WebhookReceiver answering(int... statuses) {
        return new WebhookReceiver(statuses);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks");
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
