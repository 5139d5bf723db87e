package dev.latchkey.core.webhook;

import dev.latchkey.core.config.LatchkeyConfig;
import dev.latchkey.core.delivery.OutboxEntry;
import dev.latchkey.core.delivery.SendResult;
import dev.latchkey.core.spi.OutboxStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes the webhook calls of claimed outbox entries (SPEC §13). Each is signed at send time with its
 * webhook's key, under its own id as {@code webhook-id} and the send time as
 * {@code webhook-timestamp}. A 2xx answer completes the entry; anything else is retried with the
 * delivery back-off until {@code delivery.max-attempts}, then abandoned. Every write is fenced by the
 * claim, as a message's is.
 *
 * <p>A call's outcome is logged, never audited: an audit event would queue calls of its own, and a
 * receiver that is down would never stop being told so. Logs name the receiver's host only, since a
 * webhook URL may carry a secret of its own.
 */
public final class WebhookDelivery {
    private static final System.Logger LOG = System.getLogger(WebhookDelivery.class.getName());

    private final Webhooks webhooks;
    private final WebhookSender sender;
    private final OutboxStore outbox;
    private final Clock clock;
    private final LatchkeyConfig.DeliverySettings settings;

    /** Built by {@code LatchkeyBuilder} from its webhooks and their sender. */
    public WebhookDelivery(Webhooks webhooks, WebhookSender sender, OutboxStore outbox, Clock clock,
                           LatchkeyConfig.DeliverySettings settings) {
        this.webhooks = Objects.requireNonNull(webhooks, "webhooks");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Calls the webhooks of {@code claimed} entries, as the claim handed them, and settles each. */
    public void deliver(List<OutboxEntry> claimed) {
        if (claimed.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<OutboxEntry> sending = new ArrayList<>();
        List<WebhookSender.Call> calls = new ArrayList<>();
        for (OutboxEntry entry : claimed) {
            OutboxEntry.WebhookCall call = Objects.requireNonNull(entry.webhook(), "webhook");
            Optional<Webhook> hook = webhooks.find(call.url());
            if (hook.isEmpty()) {
                LOG.log(System.Logger.Level.INFO, "webhook to " + call.url().getHost() + " is no longer configured; dropped");
                outbox.markDropped(entry, now);
                continue;
            }
            long timestamp = now.getEpochSecond();
            sending.add(entry);
            calls.add(new WebhookSender.Call(call.url(), Map.of("webhook-id", entry.id(),
                    "webhook-timestamp", Long.toString(timestamp),
                    "webhook-signature", hook.get().secret().sign(entry.id(), timestamp, call.body())), call.body()));
        }
        List<SendResult> results = postAll(calls);
        Instant done = clock.instant();
        for (int i = 0; i < sending.size(); i++) {
            settle(sending.get(i), results.get(i), done);
        }
    }

    private List<SendResult> postAll(List<WebhookSender.Call> calls) {
        if (calls.isEmpty()) {
            return List.of();
        }
        try {
            List<SendResult> results = sender.postAll(calls);
            if (results.size() == calls.size()) {
                return results;
            }
            return Collections.nCopies(calls.size(), new SendResult.Failed("webhook sender answered "
                    + results.size() + " results for " + calls.size() + " calls", true));
        } catch (RuntimeException e) {
            return Collections.nCopies(calls.size(), new SendResult.Failed(e.getClass().getSimpleName(), true));
        }
    }

    private void settle(OutboxEntry entry, SendResult result, Instant now) {
        int attempt = entry.attempts() + 1;
        String host = Objects.requireNonNull(entry.webhook()).url().getHost();
        if (!(result instanceof SendResult.Failed failed)) {
            outbox.markSent(entry, attempt, now);
        } else if (!failed.retryable() || attempt >= settings.maxAttempts()) {
            if (outbox.markAbandoned(entry, attempt, now)) {
                LOG.log(System.Logger.Level.WARNING, "gave up on webhook " + entry.id() + " to " + host + " after "
                        + attempt + " tries: " + failed.reason());
            }
        } else if (outbox.scheduleRetry(entry, attempt, now.plus(settings.retryDelay(attempt)))) {
            LOG.log(System.Logger.Level.INFO, "webhook " + entry.id() + " to " + host + " failed (" + failed.reason()
                    + "), retrying in " + settings.retryDelay(attempt));
        }
    }
}
