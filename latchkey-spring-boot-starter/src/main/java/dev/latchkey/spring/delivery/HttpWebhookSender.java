package dev.latchkey.spring.delivery;

import dev.latchkey.core.delivery.SendResult;
import dev.latchkey.core.webhook.WebhookSender;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Posts webhook calls (SPEC §13) with the JDK HTTP client. A batch's calls are all started at once and
 * all must end within {@code latchkey.delivery.timeout}, so receivers that hang cost the delivery
 * thread one timeout per batch. A 2xx answer completes a call; any other answer, a timeout or a
 * broken connection is retried by the delivery worker. Redirects are not followed: the signed body
 * goes only to the URL configured.
 */
public final class HttpWebhookSender implements WebhookSender {
    private static final String PROVIDER = "webhook";

    private final HttpClient http;
    private final Duration timeout;

    /** @param timeout {@code latchkey.delivery.timeout}: how long a batch's calls may take, from connecting to the answer */
    public HttpWebhookSender(Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.timeout = timeout;
    }

    @Override
    public List<SendResult> postAll(List<Call> calls) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<CompletableFuture<HttpResponse<byte[]>>> exchanges = new ArrayList<>();
        for (Call call : calls) {
            HttpRequest.Builder request = HttpRequest.newBuilder(call.url()).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(call.body(), StandardCharsets.UTF_8));
            call.headers().forEach(request::header);
            exchanges.add(http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray()));
        }
        List<SendResult> results = new ArrayList<>();
        for (CompletableFuture<HttpResponse<byte[]>> exchange : exchanges) {
            // Every answer but a 2xx is retried, 4xx included: SPEC §13 leaves no answer final.
            results.add(SmsHttp.await(exchange, Duration.ofNanos(deadline - System.nanoTime()), PROVIDER,
                    (status, body) -> new SendResult.Failed(PROVIDER + " " + status, true)));
        }
        return results;
    }
}
