package dev.latchkey.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.Latchkey;
import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.challenge.RequestOutcome;
import dev.latchkey.core.delivery.MessageSender;
import dev.latchkey.core.delivery.OutboxEntry;
import dev.latchkey.core.delivery.OutboxState;
import dev.latchkey.core.delivery.OutgoingMessage;
import dev.latchkey.core.delivery.SendResult;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.core.spi.ChallengeStore;
import dev.latchkey.core.testing.Harness;
import dev.latchkey.core.testing.SentMessage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SPEC §2 rule 17: the outbox holds no secret, secrets are minted at send time, failed sends are
 * retried with back-off and fresh secrets, and nothing is lost between request and send.
 */
class Rule17DurableDeliveryTest {
    private static final String EMAIL = "ada@example.com";

    @Test
    void requestWhenAcceptedThenNothingIsSentOnTheRequestThread() {
        Harness h = Harness.inMemory();
        RequestOutcome.Accepted accepted = h.request(EMAIL);

        assertThat(h.mail.attempted()).isEmpty();
        OutboxEntry entry = h.stores.outbox().findByChallenge(accepted.requestId()).get(0);
        assertThat(entry.state()).isEqualTo(OutboxState.PENDING);
        assertThat(h.stores.challenges().findById(accepted.requestId()).orElseThrow().codeDigest()).isNull();
    }

    @Test
    void senderWhenFailingTwiceThenOneMessageArrivesAndOnlyItsSecretsWork() {
        Harness h = Harness.inMemory(s -> s.retryBackoff(Duration.ofSeconds(5)));
        h.mail.failNext(2);
        RequestOutcome.Accepted accepted = h.request(EMAIL);

        h.latchkey.deliveryWorker().drain();
        h.clock.advance(Duration.ofSeconds(4));
        assertThat(h.latchkey.deliveryWorker().drain()).as("not due before the back-off").isZero();
        h.clock.advance(Duration.ofSeconds(1));
        h.latchkey.deliveryWorker().drain();
        h.clock.advance(Duration.ofSeconds(9));
        assertThat(h.latchkey.deliveryWorker().drain()).as("second back-off doubles").isZero();
        h.clock.advance(Duration.ofSeconds(1));
        h.latchkey.deliveryWorker().drain();

        assertThat(h.mail.attempted()).hasSize(3);
        assertThat(h.mail.delivered()).hasSize(1);
        SentMessage failed1 = SentMessage.parse(h.mail.attempted().get(0));
        SentMessage failed2 = SentMessage.parse(h.mail.attempted().get(1));
        SentMessage delivered = h.mail.last();
        String id = accepted.requestId().value();
        for (SentMessage failed : new SentMessage[] {failed1, failed2}) {
            assertThat(failed.token()).isNotEqualTo(delivered.token());
            assertThat(h.latchkey.redeemLink(failed.token(), h.proof())).isInstanceOf(RedemptionOutcome.NotFound.class);
        }
        String staleCode = failed1.code().equals(delivered.code()) ? failed2.code() : failed1.code();
        if (!staleCode.equals(delivered.code())) {
            assertThat(h.latchkey.redeemCode(id, staleCode, h.proof())).isInstanceOf(RedemptionOutcome.WrongCode.class);
        }
        assertThat(h.latchkey.redeemCode(id, delivered.code(), h.proof())).isInstanceOf(RedemptionOutcome.SignedIn.class);
        assertThat(h.stores.outbox().findByChallenge(accepted.requestId()).get(0))
                .satisfies(e -> assertThat(e.state()).isEqualTo(OutboxState.SENT))
                .satisfies(e -> assertThat(e.attempts()).isEqualTo(3));
        assertThat(h.count(AuditEventType.MESSAGE_SENT)).isEqualTo(1);
    }

    @Test
    void senderWhenAlwaysFailingThenAbandonedAfterMaxAttemptsWithMessageFailed() {
        Harness h = Harness.inMemory(s -> s.deliveryMaxAttempts(5).retryBackoff(Duration.ofSeconds(1)));
        h.mail.failAlways(true);
        RequestOutcome.Accepted accepted = h.request(EMAIL);
        for (int i = 0; i < 10; i++) {
            h.latchkey.deliveryWorker().drain();
            h.clock.advance(Duration.ofSeconds(20));
        }

        assertThat(h.mail.attempted()).hasSize(5);
        OutboxEntry entry = h.stores.outbox().findByChallenge(accepted.requestId()).get(0);
        assertThat(entry.state()).isEqualTo(OutboxState.ABANDONED);
        assertThat(entry.attempts()).isEqualTo(5);
        assertThat(h.count(AuditEventType.MESSAGE_FAILED)).isEqualTo(1);
        assertThat(h.stores.challenges().findById(accepted.requestId()).orElseThrow().linkDigest()).isNull();
    }

    @Test
    void processWhenRestartedBeforeSendingThenAnotherEngineDeliversTheQueuedMessage() {
        Harness h = Harness.inMemory();
        RequestOutcome.Accepted accepted = h.request(EMAIL);

        var restarted = h.engine(h.config, b -> { });
        assertThat(restarted.deliveryWorker().drain()).isEqualTo(1);
        SentMessage sent = h.mail.last();
        assertThat(restarted.redeemCode(accepted.requestId().value(), sent.code(), h.proof()))
                .isInstanceOf(RedemptionOutcome.SignedIn.class);
    }

    @Test
    void workerWhenClaimLeaseRunsOutThenAnotherWorkerSendsTheMessage() {
        Harness h = Harness.inMemory(s -> s.deliveryLease(Duration.ofMinutes(1)));
        RequestOutcome.Accepted accepted = h.request(EMAIL);
        h.stores.outbox().claimDue(h.clock.instant(), 10, Duration.ofMinutes(1));

        assertThat(h.latchkey.deliveryWorker().drain()).as("leased by a worker that then died").isZero();
        h.clock.advance(Duration.ofMinutes(1));
        assertThat(h.latchkey.deliveryWorker().drain()).isEqualTo(1);
        assertThat(h.mail.delivered()).hasSize(1);
        assertThat(h.stores.outbox().findByChallenge(accepted.requestId()).get(0).state()).isEqualTo(OutboxState.SENT);
    }

    /**
     * A worker whose lease passed fails its send and clears its own secrets just after the worker
     * that claimed the entry since read them: that worker's store then finds other secrets than it
     * read. It must not drop the entry as if the challenge were gone; it tries again.
     */
    @Test
    void staleWorkerWhenItClearsItsSecretsUnderTheCurrentWorkerThenTheMessageIsStillDelivered() throws Exception {
        Duration lease = Duration.ofMinutes(1);
        Harness h = Harness.inMemory(s -> s.deliveryLease(lease).retryBackoff(Duration.ofSeconds(5)));
        RequestOutcome.Accepted accepted = h.request(EMAIL);
        CountDownLatch staleSending = new CountDownLatch(1);
        CountDownLatch currentRead = new CountDownLatch(1);
        CountDownLatch staleDone = new CountDownLatch(1);
        Latchkey stale = h.engine(h.config, b -> b.sender(new MessageSender() {
            @Override
            public Channel channel() {
                return Channel.EMAIL;
            }

            @Override
            public SendResult send(OutgoingMessage message) {
                h.clock.advance(lease.plusSeconds(1));
                staleSending.countDown();
                await(currentRead);
                return new SendResult.Failed("timeout", true);
            }
        }));
        Latchkey current = h.engine(h.config, b -> b.challenges(onStoreSecrets(h.stores.challenges(), () -> {
            currentRead.countDown();
            await(staleDone);
        })));
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> staleRun = thread.submit(() -> {
                try {
                    return stale.deliveryWorker().runOnce();
                } finally {
                    staleDone.countDown();
                }
            });
            await(staleSending);
            current.deliveryWorker().runOnce();
            assertThat(staleRun.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        } finally {
            thread.shutdownNow();
        }

        h.clock.advance(Duration.ofSeconds(5));
        h.latchkey.deliveryWorker().drain();

        assertThat(h.mail.delivered()).hasSize(1);
        assertThat(h.stores.outbox().findByChallenge(accepted.requestId()).get(0).state()).isEqualTo(OutboxState.SENT);
        assertThat(h.latchkey.redeemLink(h.mail.last().token(), h.proof())).isInstanceOf(RedemptionOutcome.SignedIn.class);
    }

    /** {@code store}, running {@code before} ahead of each {@code storeSecrets}. */
    private static ChallengeStore onStoreSecrets(ChallengeStore store, Runnable before) {
        return (ChallengeStore) Proxy.newProxyInstance(ChallengeStore.class.getClassLoader(),
                new Class<?>[] {ChallengeStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("storeSecrets")) {
                        before.run();
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).as("the other worker got there").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void challengeWhenRevokedBeforeSendingThenItsMessageIsDropped() {
        Harness h = Harness.inMemory();
        RequestOutcome.Accepted first = h.request(EMAIL);
        h.clock.advance(Duration.ofSeconds(61));
        h.request(EMAIL);
        h.latchkey.deliveryWorker().drain();

        assertThat(h.mail.delivered()).hasSize(1);
        assertThat(h.stores.outbox().findByChallenge(first.requestId()).get(0).state()).isEqualTo(OutboxState.DROPPED);
    }
}
