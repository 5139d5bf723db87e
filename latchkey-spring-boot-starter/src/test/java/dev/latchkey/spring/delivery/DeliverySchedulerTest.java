package dev.latchkey.spring.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.Latchkey;
import dev.latchkey.core.challenge.RequesterContext;
import dev.latchkey.core.challenge.SignInRequest;
import dev.latchkey.core.config.LatchkeyConfig;
import dev.latchkey.core.delivery.MessageSender;
import dev.latchkey.core.delivery.OutgoingMessage;
import dev.latchkey.core.delivery.SendResult;
import dev.latchkey.core.identity.Channel;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeliverySchedulerTest {
    /** So long that no poll happens during a test: only start() and wake() drain. */
    private static final Duration NEVER = Duration.ofHours(1);
    private static final Duration OFTEN = Duration.ofMillis(10);
    private static final long TIMEOUT_SECONDS = 10;
    private static final int THREADS = 4;

    private final DevMailbox mailbox = new DevMailbox(DevMailbox.DEFAULT_CAPACITY);
    private final CountDownLatch delivered = new CountDownLatch(1);
    private final Latchkey latchkey = Latchkey.builder(LatchkeyConfig.builder().secret("x".repeat(40)).build())
            .sender(counting(mailbox.senderFor(Channel.EMAIL)))
            .build();
    private DeliveryScheduler scheduler;

    @AfterEach
    void stop() {
        if (scheduler != null) {
            scheduler.stop();
        }
    }

    @Test
    void wakeWhenStartedThenDeliversWithoutWaitingForThePoll() throws InterruptedException {
        CountDownLatch idle = new CountDownLatch(1);
        scheduler = new DeliveryScheduler(latchkey.deliveryWorker(), NEVER, THREADS, idle::countDown, OFTEN);
        scheduler.start();
        // The purge runs on the same thread after the drain at start, so once it ran only wake() can deliver.
        assertThat(idle.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        requestSignIn();

        scheduler.wake();

        assertThat(delivered.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(mailbox.messages()).singleElement()
                .satisfies(entry -> assertThat(entry.recipient()).isEqualTo("ada@example.com"));
    }

    @Test
    void startWhenMessagesWaitingThenDeliversThemAtOnce() throws InterruptedException {
        requestSignIn();
        scheduler = new DeliveryScheduler(latchkey.deliveryWorker(), NEVER, THREADS, () -> { }, NEVER);

        scheduler.start();

        assertThat(delivered.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(scheduler.isRunning()).isTrue();
    }

    @Test
    void wakeWhenPurgeKeepsThrowingThenPurgeAndDeliveryGoOn() throws InterruptedException {
        CountDownLatch purges = new CountDownLatch(3);
        scheduler = new DeliveryScheduler(latchkey.deliveryWorker(), NEVER, THREADS, () -> {
            purges.countDown();
            throw new IllegalStateException("database unavailable");
        }, OFTEN);
        scheduler.start();
        assertThat(purges.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        requestSignIn();

        scheduler.wake();

        assertThat(delivered.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    /** A mail server that takes its time with some messages must not hold back the others. */
    @Test
    void wakeWhenEarlierMessagesStillSendingThenLaterOneSentOnAnotherThread() throws InterruptedException {
        Semaphore slowStarted = new Semaphore(0);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch quickSent = new CountDownLatch(1);
        Latchkey slowFirst = Latchkey.builder(LatchkeyConfig.builder().secret("x".repeat(40)).build())
                .sender(new MessageSender() {
                    @Override
                    public Channel channel() {
                        return Channel.EMAIL;
                    }

                    @Override
                    public SendResult send(OutgoingMessage message) {
                        if (message.recipient().value().startsWith("slow")) {
                            slowStarted.release();
                            try {
                                // Longer than the test waits for anything, so no slow send ends on its own.
                                release.await(3 * TIMEOUT_SECONDS, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        } else {
                            quickSent.countDown();
                        }
                        return new SendResult.Sent();
                    }
                })
                .build();
        scheduler = new DeliveryScheduler(slowFirst.deliveryWorker(), NEVER, THREADS, () -> { }, NEVER);
        scheduler.start();
        try {
            for (int i = 0; i < THREADS - 1; i++) {
                requestSignIn(slowFirst, "slow" + i + "@example.com");
                scheduler.wake();
                // Each slow message is being sent on its own thread before the next one is queued.
                assertThat(slowStarted.tryAcquire(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
            }

            requestSignIn(slowFirst, "quick@example.com");
            scheduler.wake();

            assertThat(quickSent.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(release.getCount()).isEqualTo(1);
        } finally {
            release.countDown();
        }
    }

    @Test
    void constructWhenNoThreadsThenRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new DeliveryScheduler(latchkey.deliveryWorker(), NEVER, 0, () -> { }, NEVER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("latchkey.delivery.threads");
    }

    @Test
    void wakeWhenNotStartedThenDoesNothing() {
        scheduler = new DeliveryScheduler(latchkey.deliveryWorker(), NEVER, THREADS, () -> { }, NEVER);
        requestSignIn();

        scheduler.wake();

        assertThat(scheduler.isRunning()).isFalse();
        assertThat(mailbox.messages()).isEmpty();
    }

    @Test
    void stopThenNotRunningAndWakeDoesNothing() {
        scheduler = new DeliveryScheduler(latchkey.deliveryWorker(), NEVER, THREADS, () -> { }, NEVER);
        scheduler.start();

        scheduler.stop();
        requestSignIn();
        scheduler.wake();

        assertThat(scheduler.isRunning()).isFalse();
        assertThat(mailbox.messages()).isEmpty();
    }

    private void requestSignIn() {
        requestSignIn(latchkey, "ada@example.com");
    }

    private static void requestSignIn(Latchkey latchkey, String email) {
        latchkey.requestSignIn(SignInRequest.login(Channel.EMAIL, email, new RequesterContext("127.0.0.1", null)));
    }

    private MessageSender counting(MessageSender sender) {
        return new MessageSender() {
            @Override
            public Channel channel() {
                return sender.channel();
            }

            @Override
            public SendResult send(OutgoingMessage message) {
                SendResult result = sender.send(message);
                delivered.countDown();
                return result;
            }
        };
    }
}
