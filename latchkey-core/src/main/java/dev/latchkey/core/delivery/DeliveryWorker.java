package dev.latchkey.core.delivery;

import dev.latchkey.core.audit.AuditEvent;
import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.audit.EventPublisher;
import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.challenge.RequestId;
import dev.latchkey.core.config.LatchkeyConfig;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.core.secret.Code;
import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.secret.Digests;
import dev.latchkey.core.secret.LinkToken;
import dev.latchkey.core.spi.ChallengeStore;
import dev.latchkey.core.spi.OutboxStore;
import dev.latchkey.core.spi.SignInStore;
import dev.latchkey.core.spi.Transactions;
import dev.latchkey.core.webhook.WebhookDelivery;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Sends what the outbox holds (SPEC §2 rule 17), a batch at a time. For each claimed entry it mints
 * a fresh link token and code, stores only their digests on the challenge, renders and sends. A failed send clears
 * those digests, so the secrets of a failed try never work, and is retried with doubling back-off
 * until {@code delivery.max-attempts}, then abandoned with {@code MESSAGE_FAILED}.
 *
 * <p>Any number of workers, in any number of processes, may run at once: the store's claim hands
 * each entry to one of them, and every later write is fenced by that claim. A worker that outlived
 * its lease cannot complete or fail an entry another worker claimed since, nor overwrite or wipe the
 * secrets that worker stored (they are replaced only if still the ones this worker read or stored).
 *
 * <p>Webhook calls (SPEC §13) share the outbox and its claim; a batch's calls go to
 * {@link WebhookDelivery} once its messages are done, and need no challenge.
 */
public final class DeliveryWorker {
    private static final System.Logger LOG = System.getLogger(DeliveryWorker.class.getName());

    private final LatchkeyConfig config;

    private final Digests digests;
    private final Clock clock;
    private final SecureRandom random;
    private final ChallengeStore challenges;
    private final OutboxStore outbox;
    private final Transactions transactions;
    private final SignInStore signIns;
    private final Queue<Handed> handed = new ConcurrentLinkedQueue<>();
    private final AtomicInteger handedCount = new AtomicInteger();
    /** Set when an entry was queued that no hand-over carries, so the next wake also looks for due entries. */
    private final AtomicBoolean pollWanted = new AtomicBoolean();
    private final Map<Channel, MessageSender> senders;
    private final MessageTemplates templates;
    private final EventPublisher events;
    private final DeliveryObserver observer;
    private final WebhookDelivery webhooks;

    /** Built by {@code LatchkeyBuilder}; applications get it from {@code Latchkey.deliveryWorker()}. */
    public DeliveryWorker(LatchkeyConfig config, Clock clock, SecureRandom random, ChallengeStore challenges,
                          OutboxStore outbox, Transactions transactions, SignInStore signIns,
                          List<MessageSender> senders, MessageTemplates templates, EventPublisher events,
                          DeliveryObserver observer, WebhookDelivery webhooks) {
        this.config = config;
        this.digests = new Digests(config.keys());
        this.clock = clock;
        this.random = random;
        this.challenges = challenges;
        this.outbox = outbox;
        this.transactions = transactions;
        this.signIns = signIns;
        this.senders = new EnumMap<>(Channel.class);
        for (MessageSender sender : senders) {
            this.senders.put(sender.channel(), sender);
        }
        this.templates = templates;
        this.events = events;
        this.observer = observer;
        this.webhooks = webhooks;
    }

    /**
     * Claims one batch of due entries and delivers it. Returns how many were claimed.
     *
     * <p>The claim, the read of the batch's challenges and the storing of every new secret's digest
     * are one transaction (one commit, and one statement each), committed before any message leaves:
     * a delivered message is always redeemable. Each sender then gets its channel's messages at once
     * (one SMTP connection for a batch of mail), and the batch's sent entries are completed in one
     * statement, in one transaction with their {@code MESSAGE_SENT} audit rows.
     */
    public int runOnce() {
        LatchkeyConfig.DeliverySettings settings = config.delivery();
        Instant now = clock.instant();
        return deliver(transactions.inTransaction(() -> {
            List<OutboxEntry> claimed = outbox.claimDue(now, settings.batchSize(), settings.lease());
            List<OutboxEntry> messages = claimed.stream().filter(entry -> entry.kind() != OutboxKind.WEBHOOK).toList();
            List<RequestId> ids = messages.stream().filter(entry -> entry.kind() != OutboxKind.DECOY)
                    .map(OutboxEntry::requireChallenge).distinct().toList();
            Map<RequestId, Challenge> found = ids.isEmpty() ? Map.of() : challenges.findAllById(ids);
            Map<String, Planned> plans = new HashMap<>();
            messages.forEach(entry -> plans.put(entry.id(), plan(entry, found.get(entry.requireChallenge()), now)));
            return settle(claimed, plans, challenges.storeSecrets(secrets(plans)), now);
        }), now);
    }

    /**
     * Takes an entry this process just queued and committed, with its challenge, for
     * {@link #deliverHandedOver()}: the worker then claims exactly that entry instead of looking for
     * due ones, and need not read its challenge. The claim is fenced as any other, so no other worker
     * sends it twice. Beyond {@code 4 × delivery.batch-size} waiting entries, an entry is left to a
     * poll, which the next {@link #deliverHandedOver()} runs.
     */
    public void handOver(OutboxEntry entry, Challenge challenge) {
        if (handedCount.incrementAndGet() > 4 * config.delivery().batchSize()) {
            handedCount.decrementAndGet();
            pollWanted.set(true);
            return;
        }
        handed.add(new Handed(entry, challenge));
    }

    /**
     * Notes an entry this process queued without handing it over (a notice), so the next
     * {@link #deliverHandedOver()} also looks for due entries.
     */
    public void queuedForPoll() {
        pollWanted.set(true);
    }

    /**
     * Delivers the entries handed over by {@link #handOver}, a batch at a time, then {@link #drain()}s
     * when an entry was left to a poll since the last one. A wake that finds nothing to do touches no
     * store: with several delivery threads woken at once, most find the hand-over queue already taken.
     * Returns how many entries were claimed.
     */
    public int deliverHandedOver() {
        int batchSize = config.delivery().batchSize();
        List<Handed> batch = takeHanded(batchSize);
        int total = 0;
        while (!batch.isEmpty()) {
            Instant now = clock.instant();
            Map<String, Planned> plans = new HashMap<>();
            batch.forEach(h -> plans.put(h.entry().id(), plan(h.entry(), h.challenge(), now)));
            // Secrets are minted before the claim, so claiming and storing them is one commit.
            SignInStore.Claimed claimed = signIns.claimHandedOver(batch.stream().map(Handed::entry).toList(),
                    secrets(plans), now, config.delivery().lease());
            total += deliver(settle(claimed.entries(), plans, claimed.stored(), now), now);
            batch = takeHanded(batchSize);
        }
        return pollWanted.get() ? total + drain() : total;
    }

    private List<Handed> takeHanded(int limit) {
        List<Handed> taken = new ArrayList<>();
        Handed next;
        while (taken.size() < limit && (next = handed.poll()) != null) {
            handedCount.decrementAndGet();
            taken.add(next);
        }
        return taken;
    }

    /** An entry this process queued, with the challenge it wrote in the same transaction. */
    private record Handed(OutboxEntry entry, Challenge challenge) {}

    private int deliver(Batch batch, Instant now) {
        for (Attempt unsendable : batch.unsendable()) {
            fail(unsendable.entry(), unsendable.attempt(), new SendResult.Failed(
                    "no sender for channel " + unsendable.entry().recipient().channel().key(), false));
        }
        for (Attempt conflicted : batch.conflicted()) {
            // Nothing to send once the challenge cannot be redeemed. Otherwise another worker changed its
            // secrets since they were read: a failed try, fenced by the claim like any other, so the
            // message is never lost to a stale worker.
            if (challenges.findById(conflicted.challenge().id()).filter(c -> c.redeemableAt(now)).isPresent()) {
                fail(conflicted.entry(), conflicted.attempt(), new SendResult.Failed("secrets changed by another worker", true));
            } else {
                outbox.markDropped(conflicted.entry(), now);
            }
        }
        List<Attempt> sent = new ArrayList<>();
        List<Attempt> failed = new ArrayList<>();
        send(batch.ready(), sent, failed);
        complete(sent);
        // Clears only the secrets of the failed tries: never those of a message another worker delivered since.
        challenges.storeSecrets(failed.stream().filter(a -> a.link() != null)
                .map(a -> new ChallengeStore.Secrets(a.challenge().id(), a.link(), null, null)).toList());
        for (Attempt attempt : failed) {
            fail(attempt.entry(), attempt.attempt(), (SendResult.Failed) attempt.result());
        }
        webhooks.deliver(batch.webhooks());
        return batch.claimed();
    }

    /**
     * Runs batches until one comes back short of {@code delivery.batch-size}, i.e. nothing else was due
     * when it was claimed. Returns how many entries were claimed in all.
     */
    public int drain() {
        // Entries handed over are due, so the claims below find them; a later hand-over or notice is new.
        pollWanted.set(false);
        takeHanded(Integer.MAX_VALUE);
        int batchSize = config.delivery().batchSize();
        int total = 0;
        int claimed;
        do {
            claimed = runOnce();
            total += claimed;
        } while (claimed == batchSize);
        return total;
    }

    /** One claimed entry on its way: its challenge, the link digest of this try (null for a notice) and its message. */
    private record Attempt(OutboxEntry entry, Challenge challenge, int attempt, @Nullable Digest link,
                           Supplier<OutgoingMessage> message, @Nullable SendResult result) {

        Attempt withResult(SendResult value) {
            return new Attempt(entry, challenge, attempt, link, message, value);
        }
    }

    /** What the claiming transaction decided for each entry of a batch; webhook calls go to their own delivery. */
    private record Batch(int claimed, List<Attempt> ready, List<Attempt> unsendable, List<Attempt> conflicted,
                         List<OutboxEntry> webhooks) {}

    /** What an entry needs, decided from its challenge before or after it is claimed. */
    private enum Action { DROP, UNSENDABLE, SEND }

    /** An entry's action; for a sign-in message also its minted secrets' digests and its message. */
    private record Planned(Action action, @Nullable Challenge challenge, ChallengeStore.@Nullable Secrets secrets,
                           Supplier<OutgoingMessage> message) {}

    /**
     * Drops what needs no sending (a decoy, or a message whose challenge can no longer be redeemed;
     * a notice follows a spent challenge), and mints a message's link and code.
     */
    private Planned plan(OutboxEntry entry, @Nullable Challenge challenge, Instant now) {
        boolean notice = entry.kind().notice();
        if (entry.kind() == OutboxKind.DECOY || challenge == null || !(notice || challenge.redeemableAt(now))) {
            return new Planned(Action.DROP, null, null, () -> null);
        }
        if (!senders.containsKey(entry.recipient().channel())) {
            return new Planned(Action.UNSENDABLE, challenge, null, () -> null);
        }
        if (notice) {
            return new Planned(Action.SEND, challenge, null, notice(entry, challenge));
        }
        LinkToken token = LinkToken.generate(random);
        Code code = Code.generate(random, config.code());
        String purpose = challenge.purpose().key();
        ChallengeStore.Secrets secrets = new ChallengeStore.Secrets(challenge.id(), challenge.linkDigest(),
                digests.link(purpose, token), digests.code(purpose, challenge.id().value(), code));
        MessageContext context = context(entry, challenge, token, code, now);
        return new Planned(Action.SEND, challenge, secrets, () -> templates.render(context));
    }

    private static List<ChallengeStore.Secrets> secrets(Map<String, Planned> plans) {
        return plans.values().stream().map(Planned::secrets).filter(Objects::nonNull).toList();
    }

    /**
     * What the claim decided for each entry it got: dropped at once, unsendable, ready to send, or
     * conflicted when its secrets could not be stored because another worker replaced them.
     */
    private Batch settle(List<OutboxEntry> claimed, Map<String, Planned> plans, Set<RequestId> stored, Instant now) {
        List<Attempt> ready = new ArrayList<>();
        List<Attempt> unsendable = new ArrayList<>();
        List<Attempt> conflicted = new ArrayList<>();
        List<OutboxEntry> webhookCalls = new ArrayList<>();
        for (OutboxEntry entry : claimed) {
            if (entry.kind() == OutboxKind.WEBHOOK) {
                webhookCalls.add(entry);
                continue;
            }
            Planned planned = plans.get(entry.id());
            Challenge challenge = planned.challenge();
            if (planned.action() == Action.DROP || challenge == null) {
                outbox.markDropped(entry, now);
                continue;
            }
            ChallengeStore.Secrets secrets = planned.secrets();
            Attempt attempt = new Attempt(entry, challenge, entry.attempts() + 1,
                    secrets == null ? null : secrets.linkDigest(), planned.message(), null);
            if (planned.action() == Action.UNSENDABLE) {
                unsendable.add(attempt);
            } else {
                (secrets == null || stored.contains(challenge.id()) ? ready : conflicted).add(attempt);
            }
        }
        return new Batch(claimed.size(), ready, unsendable, conflicted, webhookCalls);
    }

    /** Renders a notice when it is sent; it carries no secret. */
    private Supplier<OutgoingMessage> notice(OutboxEntry entry, Challenge challenge) {
        String browser = BrowserFamily.of(entry.requester().userAgent());
        if (entry.kind() == OutboxKind.PASSKEY_ADDED_NOTICE) {
            PasskeyNoticeContext context = new PasskeyNoticeContext(entry.recipient(), entry.requestedAt(),
                    entry.requester(), browser, config.appName(), challenge.locale());
            return () -> templates.renderPasskeyNotice(context);
        }
        NoticeContext context = new NoticeContext(entry.recipient(), challenge.identifier(), entry.requestedAt(),
                entry.requester(), browser, config.appName(), challenge.locale());
        return () -> templates.renderNotice(context);
    }

    /** Hands each channel's messages to its sender in one call; a message fails or is sent on its own. */
    private void send(List<Attempt> ready, List<Attempt> sent, List<Attempt> failed) {
        Map<Channel, List<Attempt>> byChannel = new EnumMap<>(Channel.class);
        for (Attempt attempt : ready) {
            byChannel.computeIfAbsent(attempt.entry().recipient().channel(), c -> new ArrayList<>()).add(attempt);
        }
        byChannel.forEach((channel, attempts) -> {
            List<Attempt> rendered = new ArrayList<>();
            List<OutgoingMessage> messages = new ArrayList<>();
            for (Attempt attempt : attempts) {
                try {
                    messages.add(attempt.message().get());
                    rendered.add(attempt);
                } catch (RuntimeException e) {
                    // The exception's message may quote the message body; only its type is kept.
                    failed.add(attempt.withResult(new SendResult.Failed(e.getClass().getSimpleName(), true)));
                }
            }
            List<SendResult> results = sendAll(senders.get(channel), messages);
            for (int i = 0; i < rendered.size(); i++) {
                Attempt done = rendered.get(i).withResult(results.get(i));
                (done.result() instanceof SendResult.Failed ? failed : sent).add(done);
            }
        });
    }

    private static List<SendResult> sendAll(MessageSender sender, List<OutgoingMessage> messages) {
        if (messages.isEmpty()) {
            return List.of();
        }
        try {
            List<SendResult> results = sender.sendAll(messages);
            if (results.size() == messages.size()) {
                return results;
            }
            return Collections.nCopies(messages.size(), new SendResult.Failed("sender answered "
                    + results.size() + " results for " + messages.size() + " messages", true));
        } catch (RuntimeException e) {
            return Collections.nCopies(messages.size(), new SendResult.Failed(e.getClass().getSimpleName(), true));
        }
    }

    /** Marks the sent entries in one statement, with their audit rows in the same commit. */
    private void complete(List<Attempt> sent) {
        if (sent.isEmpty()) {
            return;
        }
        Instant sentAt = clock.instant();
        List<SignInStore.Sent> rows = sent.stream().map(attempt -> new SignInStore.Sent(attempt.entry(),
                new AuditEvent(AuditEventType.MESSAGE_SENT, attempt.challenge().userId(), attempt.entry().recipient(),
                        attempt.entry().requester().ip(), attempt.entry().requester().userAgent(), sentAt,
                        attempt.entry().kind().key()))).toList();
        Set<String> marked = signIns.completeSent(rows, sentAt);
        for (SignInStore.Sent row : rows) {
            OutboxEntry entry = row.entry();
            if (marked.contains(entry.id())) {
                events.announce(row.audit());
                observer.sent(entry.recipient().channel(), Duration.between(entry.requestedAt(), sentAt));
            } else {
                LOG.log(System.Logger.Level.INFO, "message to " + entry.recipient().masked()
                        + " was sent after another worker claimed it; not counted");
            }
        }
    }

    private void fail(OutboxEntry entry, int attempt, SendResult.Failed failed) {
        Instant now = clock.instant();
        Channel channel = entry.recipient().channel();
        if (!failed.retryable() || attempt >= config.delivery().maxAttempts()) {
            if (!outbox.markAbandoned(entry, attempt, now)) {
                return;
            }
            observer.abandoned(channel);
            LOG.log(System.Logger.Level.WARNING, "gave up on message to " + entry.recipient().masked() + " after "
                    + attempt + " tries: " + failed.reason());
            events.publish(new AuditEvent(AuditEventType.MESSAGE_FAILED, null, entry.recipient(),
                    entry.requester().ip(), entry.requester().userAgent(), now, failed.reason()));
            return;
        }
        Duration delay = config.delivery().retryDelay(attempt);
        if (!outbox.scheduleRetry(entry, attempt, now.plus(delay))) {
            return;
        }
        observer.failed(channel);
        LOG.log(System.Logger.Level.INFO, "message to " + entry.recipient().masked() + " failed (" + failed.reason()
                + "), retrying in " + delay);
    }

    private MessageContext context(OutboxEntry entry, Challenge challenge, LinkToken token, Code code, Instant now) {
        long minutes = Math.max(1, (Duration.between(now, challenge.expiresAt()).getSeconds() + 59) / 60);
        return new MessageContext(challenge.purpose(), entry.recipient(), config.linkFor(challenge.purpose(), token.reveal()), code.reveal(),
                minutes, entry.requestedAt(), entry.requester(), BrowserFamily.of(entry.requester().userAgent()),
                config.appName(), config.baseUrl().getHost(), challenge.locale());
    }
}
