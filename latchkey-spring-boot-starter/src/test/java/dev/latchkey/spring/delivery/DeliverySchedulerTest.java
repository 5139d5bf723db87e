package dev.latchkey.spring.delivery;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeliverySchedulerTest {
    /** So long that no poll happens during a test: only start() and wake() drain. */
    private static final Duration NEVER = Duration.ofHours(1);
    private static final Duration OFTEN = Duration.ofMillis(10);
    private static final long TIMEOUT_SECONDS = 10;

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
        scheduler = new DeliveryScheduler(latchkey.deliveryWorker(), NEVER, idle::countDown, OFTEN);
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
        scheduler = new DeliveryScheduler(latchkey.deliveryWorker(), NEVER, () -> { }, NEVER);

        scheduler.start();

        assertThat(delivered.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(scheduler.isRunning()).isTrue();
    }

    @Test
    void wakeWhenPurgeKeepsThrowingThenPurgeAndDeliveryGoOn() throws InterruptedException {
        CountDownLatch purges = new CountDownLatch(3);
        scheduler = new DeliveryScheduler(latchkey.deliveryWorker(), NEVER, () -> {
            purges.countDown();
            throw new IllegalStateException("database unavailable");
        }, OFTEN);
        scheduler.start();
        assertThat(purges.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        requestSignIn();

        scheduler.wake();

        assertThat(delivered.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void wakeWhenNotStartedThenDoesNothing() {
        scheduler = new DeliveryScheduler(latchkey.deliveryWorker(), NEVER, () -> { }, NEVER);
        requestSignIn();

        scheduler.wake();

        assertThat(scheduler.isRunning()).isFalse();
        assertThat(mailbox.messages()).isEmpty();
    }

    @Test
    void stopThenNotRunningAndWakeDoesNothing() {
        scheduler = new DeliveryScheduler(latchkey.deliveryWorker(), NEVER, () -> { }, NEVER);
        scheduler.start();

        scheduler.stop();
        requestSignIn();
        scheduler.wake();

        assertThat(scheduler.isRunning()).isFalse();
        assertThat(mailbox.messages()).isEmpty();
    }

    private void requestSignIn() {
        latchkey.requestSignIn(SignInRequest.login(Channel.EMAIL, "ada@example.com", new RequesterContext("127.0.0.1", null)));
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
