package dev.latchkey.core.delivery;

import dev.latchkey.core.audit.AuditEvent;
import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.audit.EventPublisher;
import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.config.LatchkeyConfig;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.core.secret.Code;
import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.secret.LinkToken;
import dev.latchkey.core.spi.ChallengeStore;
import dev.latchkey.core.spi.OutboxStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Sends what the outbox holds (SPEC §2 rule 17). For each claimed entry it mints a fresh link token
 * and code, stores only their digests on the challenge, renders and sends. A failed send clears
 * those digests, so the secrets of a failed try never work, and is retried with doubling back-off
 * until {@code delivery.max-attempts}, then abandoned with {@code MESSAGE_FAILED}.
 *
 * <p>Any number of workers, in any number of processes, may run at once: the store's claim hands
 * each entry to one of them, and every later write is fenced by that claim. A worker that outlived
 * its lease cannot complete or fail an entry another worker claimed since, nor overwrite or wipe the
 * secrets that worker stored (they are replaced only if still the ones this worker read or stored).
 */
public final class DeliveryWorker {
    private static final System.Logger LOG = System.getLogger(DeliveryWorker.class.getName());

    private final LatchkeyConfig config;
    private final Clock clock;
    private final SecureRandom random;
    private final ChallengeStore challenges;
    private final OutboxStore outbox;
    private final Map<Channel, MessageSender> senders;
    private final MessageTemplates templates;
    private final EventPublisher events;
    private final DeliveryObserver observer;

    /** Built by {@code Latchkey.Builder}; applications get it from {@code Latchkey.deliveryWorker()}. */
    public DeliveryWorker(LatchkeyConfig config, Clock clock, SecureRandom random, ChallengeStore challenges,
                          OutboxStore outbox, List<MessageSender> senders, MessageTemplates templates,
                          EventPublisher events, DeliveryObserver observer) {
        this.config = config;
        this.clock = clock;
        this.random = random;
        this.challenges = challenges;
        this.outbox = outbox;
        this.senders = new EnumMap<>(Channel.class);
        for (MessageSender sender : senders) {
            this.senders.put(sender.channel(), sender);
        }
        this.templates = templates;
        this.events = events;
        this.observer = observer;
    }

    /** Claims one batch of due entries and delivers each. Returns how many were claimed. */
    public int runOnce() {
        LatchkeyConfig.DeliverySettings settings = config.delivery();
        List<OutboxEntry> claimed = outbox.claimDue(clock.instant(), settings.batchSize(), settings.lease());
        for (OutboxEntry entry : claimed) {
            deliver(entry);
        }
        return claimed.size();
    }

    /**
     * Runs batches until one comes back short of {@code delivery.batch-size}, i.e. nothing else was due
     * when it was claimed. Returns how many entries were claimed in all.
     */
    public int drain() {
        int batchSize = config.delivery().batchSize();
        int total = 0;
        int claimed;
        do {
            claimed = runOnce();
            total += claimed;
        } while (claimed == batchSize);
        return total;
    }

    private void deliver(OutboxEntry entry) {
        Instant now = clock.instant();
        Optional<Challenge> found = entry.kind() == OutboxKind.DECOY ? Optional.empty() : challenges.findById(entry.challengeId());
        boolean notice = entry.kind() == OutboxKind.EMAIL_CHANGED_NOTICE;
        // A notice follows a spent challenge; a message is pointless once its challenge cannot be redeemed.
        if (found.isEmpty() || !(notice || found.get().redeemableAt(now))) {
            outbox.markDropped(entry, now);
            return;
        }
        Challenge challenge = found.get();
        int attempt = entry.attempts() + 1;
        MessageSender sender = senders.get(entry.recipient().channel());
        if (sender == null) {
            fail(entry, attempt, new SendResult.Failed("no sender for channel " + entry.recipient().channel().key(), false));
            return;
        }
        if (notice) {
            NoticeContext context = new NoticeContext(entry.recipient(), challenge.identifier(), entry.requestedAt(),
                    entry.requester(), BrowserFamily.of(entry.requester().userAgent()), config.appName());
            finish(entry, challenge, attempt, send(sender, () -> templates.renderNotice(context)));
            return;
        }
        LinkToken token = LinkToken.generate(random);
        Code code = Code.generate(random, config.code());
        String purpose = challenge.purpose().key();
        Digest link = config.keys().digest(purpose, token.reveal());
        if (!challenges.storeSecrets(challenge.id(), challenge.linkDigest(), link,
                config.keys().digest(purpose, challenge.id().value(), code.reveal()))) {
            // Nothing to send once the challenge cannot be redeemed. Otherwise another worker changed its
            // secrets since they were read: a failed try, fenced by the claim like any other, so the
            // message is never lost to a stale worker.
            if (challenges.findById(challenge.id()).filter(c -> c.redeemableAt(now)).isPresent()) {
                fail(entry, attempt, new SendResult.Failed("secrets changed by another worker", true));
            } else {
                outbox.markDropped(entry, now);
            }
            return;
        }
        MessageContext context = context(entry, challenge, token, code, now);
        SendResult result = send(sender, () -> templates.render(context));
        if (result instanceof SendResult.Failed) {
            // Clears only this try's secrets: never those of a message another worker delivered since.
            challenges.storeSecrets(challenge.id(), link, null, null);
        }
        finish(entry, challenge, attempt, result);
    }

    private void finish(OutboxEntry entry, Challenge challenge, int attempt, SendResult result) {
        if (result instanceof SendResult.Failed failed) {
            fail(entry, attempt, failed);
            return;
        }
        Instant sentAt = clock.instant();
        if (!outbox.markSent(entry, attempt, sentAt)) {
            LOG.log(System.Logger.Level.INFO, "message to " + entry.recipient().masked()
                    + " was sent after another worker claimed it; not counted");
            return;
        }
        observer.sent(entry.recipient().channel(), Duration.between(entry.requestedAt(), sentAt));
        events.publish(new AuditEvent(AuditEventType.MESSAGE_SENT, challenge.userId(), entry.recipient(),
                entry.requester().ip(), entry.requester().userAgent(), sentAt, entry.kind().key()));
    }

    private static SendResult send(MessageSender sender, Supplier<OutgoingMessage> message) {
        try {
            return sender.send(message.get());
        } catch (RuntimeException e) {
            // The exception's message may quote the message body; only its type is kept.
            return new SendResult.Failed(e.getClass().getSimpleName(), true);
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
        Duration delay = config.delivery().retryBackoff().multipliedBy(1L << Math.min(attempt - 1, 20));
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
                config.appName(), config.baseUrl().getHost());
    }
}
