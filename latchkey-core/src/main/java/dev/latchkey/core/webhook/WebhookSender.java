package dev.latchkey.core.webhook;

import dev.latchkey.core.delivery.SendResult;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Posts signed webhook calls. The starter's posts them with the JDK HTTP client, all of a batch at
 * once, each within {@code latchkey.delivery.timeout}, so a receiver that hangs costs one timeout per
 * batch, not one per call.
 */
@FunctionalInterface
public interface WebhookSender {

    /**
     * Posts every call and returns one result per call, in order: {@link SendResult.Sent} for a 2xx
     * answer, a retryable {@link SendResult.Failed} for any other answer, a timeout or a broken
     * connection. Reasons hold status codes and exception types only, never a body.
     */
    List<SendResult> postAll(List<Call> calls);

    /** No way to post: every call fails for good. The engine's default, used only when webhooks are set without one. */
    static WebhookSender none() {
        return calls -> Collections.nCopies(calls.size(), new SendResult.Failed("no webhook sender", false));
    }

    /**
     * One signed POST.
     *
     * @param url where it goes
     * @param headers {@code webhook-id}, {@code webhook-timestamp} and {@code webhook-signature}
     * @param body the JSON body, sent as is with {@code Content-Type: application/json}
     */
    record Call(URI url, Map<String, String> headers, String body) {
        public Call {
            Objects.requireNonNull(url, "url");
            headers = Map.copyOf(headers);
            Objects.requireNonNull(body, "body");
        }
    }
}
