package dev.latchkey.spring.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.audit.AuditEvent;
import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.delivery.SendResult;
import dev.latchkey.core.testing.Harness;
import dev.latchkey.core.testing.SentMessage;
import dev.latchkey.core.testing.StandardWebhooks;
import dev.latchkey.core.testing.WebhookReceiver;
import dev.latchkey.core.webhook.Webhook;
import dev.latchkey.core.webhook.WebhookSender;
import dev.latchkey.core.webhook.Webhooks;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Webhook calls made by the engine's delivery worker with the JDK HTTP sender, to a real receiver on
 * loopback: retried with the delivery back-off on a moved clock, signed as Standard Webhooks verify.
 */
class HttpWebhookSenderTest {
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String OTHER_SECRET = "whsec_" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldY";
    private static final String ADA = "ada@example.com";

    private static Harness harness(URI url, Set<AuditEventType> events) {
        Webhooks webhooks = new Webhooks(List.of(Webhook.of(0, url.toString(), SECRET, events)), new SecureRandom());
        return new Harness(Harness.Stores.inMemory(), s -> s.retryBackoff(Duration.ofSeconds(5)).deliveryMaxAttempts(5),
                b -> b.webhooks(webhooks, new HttpWebhookSender(Duration.ofSeconds(5))));
    }

    @Test
    void deliverWhenReceiverAnswers500Then500Then200ThenSameSignedCallThreeTimesAndDoneOnce() {
        try (WebhookReceiver receiver = WebhookReceiver.answering(500, 500, 200)) {
            Harness h = harness(receiver.url(), Set.of(AuditEventType.LOGIN_SUCCEEDED));
            Instant start = h.clock.instant();
            SentMessage sent = h.requestAndDeliver(ADA);
            assertThat(h.latchkey.exchangeLink(sent.token(), h.proof(), h.latchkey.apiSessions(Duration.ofDays(30))))
                    .isInstanceOf(RedemptionOutcome.SignedIn.class);

            h.latchkey.deliveryWorker().drain();
            assertThat(receiver.received()).hasSize(1);
            h.clock.advance(Duration.ofSeconds(4));
            h.latchkey.deliveryWorker().drain();
            assertThat(receiver.received()).as("not due before the 5 s back-off").hasSize(1);
            h.clock.advance(Duration.ofSeconds(1));
            h.latchkey.deliveryWorker().drain();
            h.clock.advance(Duration.ofSeconds(10));
            h.latchkey.deliveryWorker().drain();
            h.clock.advance(Duration.ofHours(1));
            h.latchkey.deliveryWorker().drain();

            List<WebhookReceiver.Received> calls = receiver.received();
            assertThat(calls).extracting(WebhookReceiver.Received::status).containsExactly(500, 500, 200);
            assertThat(calls).extracting(call -> call.headers().get("webhook-id")).containsOnly(calls.get(0).headers()
                    .get("webhook-id"));
            assertThat(calls).extracting(WebhookReceiver.Received::body).containsOnly(calls.get(0).body());
            assertThat(calls.get(0).body()).startsWith("{\"id\":\"" + calls.get(0).headers().get("webhook-id") + "\",")
                    .contains("\"type\":\"LOGIN_SUCCEEDED\"", "\"method\":\"link\"");
            assertThat(calls.get(0).headers()).containsEntry("content-type", "application/json");
            assertThat(calls).extracting(call -> Instant.ofEpochSecond(Long.parseLong(call.headers().get("webhook-timestamp"))))
                    .as("signed at each try, after 5 s and then 10 s of back-off")
                    .containsExactly(start, start.plusSeconds(5), start.plusSeconds(15));
            assertThat(calls).allSatisfy(call -> {
                Map<String, String> headers = call.headers();
                Instant receivedAt = Instant.ofEpochSecond(Long.parseLong(headers.get("webhook-timestamp")));
                assertThat(StandardWebhooks.verifies(SECRET, headers, call.body(), receivedAt)).isTrue();
                assertThat(StandardWebhooks.verifies(OTHER_SECRET, headers, call.body(), receivedAt)).isFalse();
                assertThat(call.body()).doesNotContain(ADA, sent.token(), sent.code());
            });
        }
    }

    @Test
    void deliverWhenEveryEventTypeIsSentThenNoBodyHoldsATokenCodeOrAddress() {
        try (WebhookReceiver receiver = WebhookReceiver.answering(200)) {
            Harness h = harness(receiver.url(), Set.of());
            SentMessage first = h.requestAndDeliver(ADA);
            h.latchkey.redeemCode(h.pendingRequestId(ADA), "000000".equals(first.code()) ? "111111" : "000000", h.proof());
            h.clock.advance(Duration.ofMinutes(2));
            SentMessage second = h.requestAndDeliver(ADA);
            h.latchkey.exchangeCode(h.pendingRequestId(ADA), second.code(), h.proof(),
                    h.latchkey.apiSessions(Duration.ofDays(30)));
            h.latchkey.deliveryWorker().drain();

            List<WebhookReceiver.Received> calls = receiver.received();
            assertThat(calls).extracting(call -> call.body().replaceAll(".*\"type\":\"(\\w+)\".*", "$1"))
                    .containsExactlyInAnyOrder("LOGIN_REQUESTED", "MESSAGE_SENT", "LOGIN_FAILED", "LOGIN_REQUESTED",
                            "MESSAGE_SENT", "LOGIN_SUCCEEDED");
            assertThat(calls).allSatisfy(call -> assertThat(call.body())
                    .doesNotContain(ADA, first.token(), first.code(), second.token(), second.code())
                    .doesNotContainPattern("[^\\s\"]+@[^\\s\"]+"));
        }
    }

    @Test
    void deliverWhenReceiverIsDownThenSignInWorksAndTheCallIsAbandonedAfterMaxAttempts() throws IOException {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/hooks");
        }
        Harness h = harness(closed, Set.of());
        SentMessage sent = h.requestAndDeliver(ADA);

        assertThat(h.latchkey.exchangeLink(sent.token(), h.proof(), h.latchkey.apiSessions(Duration.ofDays(30))))
                .isInstanceOf(RedemptionOutcome.SignedIn.class);
        for (int i = 0; i < 6; i++) {
            h.latchkey.deliveryWorker().drain();
            h.clock.advance(Duration.ofMinutes(2));
        }

        assertThat(h.count(AuditEventType.LOGIN_SUCCEEDED)).isEqualTo(1);
        assertThat(h.stores.outbox().claimDue(h.clock.instant().plus(Duration.ofDays(1)), 10, Duration.ofMinutes(1)))
                .as("every call abandoned after delivery.max-attempts").isEmpty();
        assertThat(h.events).extracting(AuditEvent::type).doesNotContain(AuditEventType.MESSAGE_FAILED);
    }

    @Test
    void postAllWhenReceiverNeverAnswersThenEachCallTimesOutAndIsRetryable() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            URI url = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/hooks");
            WebhookSender.Call call = new WebhookSender.Call(url, Map.of("webhook-id", "msg_1"), "{}");

            List<SendResult> results = new HttpWebhookSender(Duration.ofMillis(300)).postAll(List.of(call, call));

            assertThat(results).containsExactly(new SendResult.Failed("webhook: timeout", true),
                    new SendResult.Failed("webhook: timeout", true));
        }
    }
}
