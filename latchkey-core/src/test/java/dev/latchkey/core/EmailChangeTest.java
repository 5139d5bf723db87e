package dev.latchkey.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.challenge.EmailChangeOutcome;
import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.challenge.RequestOutcome;
import dev.latchkey.core.challenge.SignInRequest;
import dev.latchkey.core.delivery.DefaultMessageTemplates;
import dev.latchkey.core.delivery.OutgoingMessage;
import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.testing.Harness;
import dev.latchkey.core.testing.SentMessage;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Email change (SPEC §4.1, §5): a link to the new address, the unique constraint decides, a notice to the old one. */
class EmailChangeTest {

    private static User signedIn(Harness h, String email) {
        h.clock.advance(Duration.ofSeconds(61));
        SentMessage sent = h.requestAndDeliver(email);
        return ((RedemptionOutcome.SignedIn) h.latchkey.redeemLink(sent.token(), h.proof())).user();
    }

    private static RequestOutcome requestChange(Harness h, UserId user, String newEmail) {
        h.clock.advance(Duration.ofSeconds(61));
        return h.latchkey.requestSignIn(SignInRequest.changeEmail(user, newEmail, Harness.REQUESTER));
    }

    @Test
    void confirmWhenLinkFromNewAddressThenAddressChangesAndOldAddressIsNotified() {
        Harness h = Harness.inMemory();
        User ada = signedIn(h, "ada@example.com");
        assertThat(requestChange(h, ada.id(), "ada@new.example")).isInstanceOf(RequestOutcome.Accepted.class);
        h.latchkey.deliveryWorker().drain();
        SentMessage confirmation = h.mail.last();
        assertThat(confirmation.message().recipient()).isEqualTo(new EmailAddress("ada@new.example"));
        assertThat(confirmation.message().subject()).isEqualTo("Confirm your new email address");
        assertThat(h.latchkey.redeemLink(confirmation.token(), h.proof())).as("not a sign-in link")
                .isInstanceOf(RedemptionOutcome.NotFound.class);

        EmailChangeOutcome outcome = h.latchkey.confirmEmailChange(confirmation.token(), h.proof());

        assertThat(outcome).isEqualTo(new EmailChangeOutcome.Changed(
                ada.withEmail(new EmailAddress("ada@new.example")), new EmailAddress("ada@example.com")));
        assertThat(h.stores.users().findById(ada.id()).orElseThrow().email()).isEqualTo(new EmailAddress("ada@new.example"));
        assertThat(h.count(AuditEventType.EMAIL_CHANGED)).isEqualTo(1);
        h.latchkey.deliveryWorker().drain();
        OutgoingMessage notice = h.mail.delivered().get(h.mail.delivered().size() - 1);
        assertThat(notice.recipient()).isEqualTo(new EmailAddress("ada@example.com"));
        assertThat(notice.subject()).isEqualTo(DefaultMessageTemplates.NOTICE_SUBJECT);
        assertThat(notice.text()).contains("a***@new.example").doesNotContain(confirmation.token())
                .doesNotContain(confirmation.code()).doesNotContain("http");
        assertThat(h.latchkey.confirmEmailChange(confirmation.token(), h.proof()))
                .isEqualTo(new EmailChangeOutcome.Failed(new RedemptionOutcome.Spent()));
    }

    @Test
    void requestWhenAddressBelongsToAnotherAccountThenTaken() {
        Harness h = Harness.inMemory();
        User ada = signedIn(h, "ada@example.com");
        signedIn(h, "bob@example.com");
        assertThat(requestChange(h, ada.id(), "BOB@example.com")).isEqualTo(new RequestOutcome.IdentifierTaken());
    }

    @Test
    void confirmWhenAnotherAccountTookTheAddressMeanwhileThenTaken() {
        Harness h = Harness.inMemory();
        User ada = signedIn(h, "ada@example.com");
        requestChange(h, ada.id(), "shared@example.com");
        h.latchkey.deliveryWorker().drain();
        SentMessage confirmation = h.mail.last();
        signedIn(h, "shared@example.com");

        assertThat(h.latchkey.confirmEmailChange(confirmation.token(), h.proof())).isEqualTo(new EmailChangeOutcome.Taken());
        assertThat(h.stores.users().findById(ada.id()).orElseThrow().email()).isEqualTo(new EmailAddress("ada@example.com"));
    }
}
