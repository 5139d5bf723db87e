package dev.latchkey.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.Latchkey;
import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.challenge.SignInRequest;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.testing.Harness;
import dev.latchkey.core.testing.SentMessage;
import org.junit.jupiter.api.Test;

/**
 * A request hands its outbox entry to its own process's worker, which claims exactly that entry
 * (fenced like any claim) instead of looking for due entries: no other worker sends it twice.
 */
class DeliveryHandOverTest {
    private final Harness h = Harness.inMemory();
    /** A second instance on the same stores. */
    private final Latchkey other = h.engine(h.config, b -> { });

    @Test
    void deliverHandedOverWhenThisProcessQueuedAnEntryThenOnlyThatEntryIsClaimed() {
        h.request("ada@example.com");
        other.requestSignIn(SignInRequest.login(Channel.EMAIL, "bob@example.com", Harness.REQUESTER));

        assertThat(h.latchkey.deliveryWorker().deliverHandedOver()).isEqualTo(1);

        assertThat(h.mail.delivered()).extracting(m -> m.recipient().value()).containsExactly("ada@example.com");
        assertThat(h.latchkey.redeemLink(h.mail.last().token(), h.proof())).isInstanceOf(RedemptionOutcome.SignedIn.class);
        assertThat(h.latchkey.deliveryWorker().drain()).as("the other instance's entry is left to a poll").isEqualTo(1);
        assertThat(h.mail.delivered()).hasSize(2);
    }

    @Test
    void deliverHandedOverWhenAnotherWorkerClaimedTheEntrySinceThenItIsNotSentTwice() {
        h.request("ada@example.com");
        assertThat(other.deliveryWorker().drain()).isEqualTo(1);
        SentMessage delivered = h.mail.last();

        assertThat(h.latchkey.deliveryWorker().deliverHandedOver()).isZero();

        assertThat(h.mail.attempted()).hasSize(1);
        assertThat(h.latchkey.redeemLink(delivered.token(), h.proof())).isInstanceOf(RedemptionOutcome.SignedIn.class);
    }

    @Test
    void deliverHandedOverWhenNothingWasHandedOverThenDueEntriesAreLeftToThePoll() {
        other.requestSignIn(SignInRequest.login(Channel.EMAIL, "bob@example.com", Harness.REQUESTER));

        assertThat(h.latchkey.deliveryWorker().deliverHandedOver()).as("a wake another thread already served").isZero();

        assertThat(h.mail.attempted()).isEmpty();
        assertThat(h.latchkey.deliveryWorker().drain()).isEqualTo(1);
    }

    @Test
    void deliverHandedOverWhenANoticeWasQueuedWithoutHandOverThenItIsFoundAndSent() {
        SentMessage signIn = h.requestAndDeliver("ada@example.com");
        UserId ada = ((RedemptionOutcome.SignedIn) h.latchkey.redeemLink(signIn.token(), h.proof())).user().id();
        h.latchkey.requestSignIn(SignInRequest.changeEmail(ada, "ada@new.example", Harness.REQUESTER));
        assertThat(h.latchkey.deliveryWorker().deliverHandedOver()).isEqualTo(1);
        h.latchkey.confirmEmailChange(h.mail.last().token(), h.proof());

        assertThat(h.latchkey.deliveryWorker().deliverHandedOver()).isEqualTo(1);

        OutgoingMessage notice = h.mail.delivered().get(h.mail.delivered().size() - 1);
        assertThat(notice.recipient()).isEqualTo(new EmailAddress("ada@example.com"));
        assertThat(notice.subject()).isEqualTo(DefaultMessageTemplates.NOTICE_SUBJECT);
    }

    @Test
    void deliverHandedOverWhenMoreWereQueuedThanTheHandOverHoldsThenTheRestAreFoundBySamePass() {
        Harness small = Harness.inMemory(s -> s.deliveryBatchSize(1));
        for (int i = 0; i < 6; i++) {
            small.request("user" + i + "@example.com");
        }

        assertThat(small.latchkey.deliveryWorker().deliverHandedOver()).as("4 handed over, 2 left to the poll")
                .isEqualTo(6);

        assertThat(small.mail.delivered()).hasSize(6);
    }
}
