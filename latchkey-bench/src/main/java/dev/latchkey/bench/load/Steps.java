package dev.latchkey.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * What one client thread uses to run flows: timed HTTP calls on the shared client, each recorded in the
 * histogram of its request type, and the bounded wait for a captured token.
 */
final class Steps {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration TOKEN_WAIT = Duration.ofSeconds(10);

    private final HttpClient client;
    private final String base;
    private final Map<String, Histogram> latencies;

    Steps(HttpClient client, String base, Map<String, Histogram> latencies) {
        this.client = client;
        this.base = base;
        this.latencies = latencies;
    }

    HttpResponse<String> postJson(String type, String path, String json, String... headers) throws IOException,
            InterruptedException {
        return send(type, request(path, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> postForm(String type, String path, String name, String value) throws IOException,
            InterruptedException {
        return send(type, request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8)))
                .build());
    }

    HttpResponse<String> get(String type, String path) throws IOException, InterruptedException {
        return send(type, request(path).GET().build());
    }

    /** Waits in one {@code /bench/token} call until the target captured the token; one "token" sample. */
    String awaitToken(String email) throws IOException, InterruptedException {
        HttpResponse<String> response = send("token", request("/bench/token?email="
                + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&wait-ms=" + TOKEN_WAIT.toMillis(),
                TOKEN_WAIT.plus(REQUEST_TIMEOUT)).GET().build());
        if (response.statusCode() == 404) {
            throw new FlowFailure("no token within " + TOKEN_WAIT.toSeconds() + " s");
        }
        return expect(response, 200).body();
    }

    /**
     * Waits until {@code sink} received the mail to {@code email} and returns the first match of {@code token}'s
     * group 1 in its text; one "token" sample, like {@link #awaitToken}.
     */
    String awaitMailedToken(SmtpSink sink, String email, Pattern token) throws InterruptedException {
        long start = System.nanoTime();
        Optional<String> mail = sink.awaitMessage(email, TOKEN_WAIT);
        record("token", System.nanoTime() - start);
        String text = mail.orElseThrow(() -> new FlowFailure("no mail within " + TOKEN_WAIT.toSeconds() + " s"));
        Matcher match = token.matcher(text);
        if (!match.find()) {
            throw new FlowFailure("the mail holds no link token");
        }
        return match.group(1);
    }

    /** Fails the flow unless {@code response} has {@code status}. */
    static HttpResponse<String> expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new FlowFailure(response.request().uri().getPath() + " answered " + response.statusCode()
                    + " instead of " + status);
        }
        return response;
    }

    private HttpRequest.Builder request(String path, String... headers) {
        return request(path, REQUEST_TIMEOUT, headers);
    }

    private HttpRequest.Builder request(String path, Duration timeout, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
        return headers.length == 0 ? builder : builder.headers(headers);
    }

    private HttpResponse<String> send(String type, HttpRequest request) throws IOException, InterruptedException {
        long start = System.nanoTime();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        record(type, System.nanoTime() - start);
        return response;
    }

    void record(String type, long nanos) {
        latencies.computeIfAbsent(type, t -> new Histogram(3)).recordValue(nanos);
    }

    /** A flow that did not end as it should; counted as an error, never dropped. */
    static final class FlowFailure extends RuntimeException {
        FlowFailure(String message) {
            super(message, null, false, false);
        }
    }
}
