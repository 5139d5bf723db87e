package dev.latchkey.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.testing.Harness;
import dev.latchkey.core.testing.SentMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A claimed batch goes to its sender in one call (one SMTP connection for mail), and a message that
 * fails within it fails alone: the others are completed and redeemable, it is retried with fresh
 * secrets and the secrets of its failed try never work.
 */
class DeliveryBatchTest {
    private final BatchSender sender = new BatchSender();
    private final Harness h = new Harness(Harness.Stores.inMemory(), s -> { }, b -> b.sender(sender));

    @Test
    void runOnceWhenSeveralDueThenTheSenderGetsThemInOneCall() {
        h.request("ada@example.com");
        h.request("bob@example.com");
        h.request("cy@example.com");

        assertThat(h.latchkey.deliveryWorker().runOnce()).isEqualTo(3);

        assertThat(sender.batchSizes).containsExactly(3);
        assertThat(sender.sent).extracting(m -> m.recipient().value())
                .containsExactlyInAnyOrder("ada@example.com", "bob@example.com", "cy@example.com");
    }

    @Test
    void runOnceWhenOneMessageOfTheBatchFailsThenOnlyItIsRetried() {
        h.request("ada@example.com");
        h.request("bob@example.com");
        h.request("cy@example.com");
        sender.refuse = "bob@example.com";

        h.latchkey.deliveryWorker().runOnce();

        for (OutgoingMessage message : sender.sent) {
            assertThat(h.latchkey.redeemLink(SentMessage.parse(message).token(), h.proof()))
                    .as(message.recipient().value()).isInstanceOf(RedemptionOutcome.SignedIn.class);
        }
        assertThat(sender.sent).hasSize(2);
        SentMessage failedTry = SentMessage.parse(sender.refused.get(0));
        assertThat(h.latchkey.redeemLink(failedTry.token(), h.proof())).isInstanceOf(RedemptionOutcome.NotFound.class);
        assertThat(h.stores.outbox().findByChallenge(h.stores.challenges().findNewestPending(
                new EmailAddress("bob@example.com"), Purpose.LOGIN, h.clock.instant()).orElseThrow().id()))
                .extracting(OutboxEntry::state, OutboxEntry::attempts)
                .containsExactly(tuple(OutboxState.PENDING, 1));

        sender.refuse = null;
        h.clock.advance(Duration.ofMinutes(5));
        assertThat(h.latchkey.deliveryWorker().drain()).isEqualTo(1);
        SentMessage retried = SentMessage.parse(sender.sent.get(2));
        assertThat(retried.message().recipient().value()).isEqualTo("bob@example.com");
        assertThat(h.latchkey.redeemLink(retried.token(), h.proof())).isInstanceOf(RedemptionOutcome.SignedIn.class);
    }

    /** Takes whole batches, refusing the messages to one address for good. */
    private static final class BatchSender implements MessageSender {
        private final List<Integer> batchSizes = new ArrayList<>();
        private final List<OutgoingMessage> sent = new ArrayList<>();
        private final List<OutgoingMessage> refused = new ArrayList<>();
        private @Nullable String refuse;

        @Override
        public Channel channel() {
            return Channel.EMAIL;
        }

        @Override
        public SendResult send(OutgoingMessage message) {
            throw new AssertionError("the worker hands batches to sendAll");
        }

        @Override
        public List<SendResult> sendAll(List<OutgoingMessage> messages) {
            batchSizes.add(messages.size());
            List<SendResult> results = new ArrayList<>();
            for (OutgoingMessage message : messages) {
                if (message.recipient().value().equals(refuse)) {
                    refused.add(message);
                    results.add(new SendResult.Failed("smtp 451", true));
                } else {
                    sent.add(message);
                    results.add(new SendResult.Sent());
                }
            }
            return results;
        }
    }
}
