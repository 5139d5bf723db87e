package dev.latchkey.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.challenge.ChallengeView;
import dev.latchkey.core.challenge.DenyOutcome;
import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.challenge.SignInRequest;
import dev.latchkey.core.config.LinkBinding;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.secret.BindingSecret;
import dev.latchkey.core.testing.Harness;
import dev.latchkey.core.testing.SentMessage;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the link page needs from the engine: a view without redeeming, device binding, and "This wasn't me". */
class LinkConfirmationTest {
    private static final String EMAIL = "ada@example.com";
    private final BindingSecret asker = BindingSecret.generate(new SecureRandom());
    private final BindingSecret stranger = BindingSecret.generate(new SecureRandom());

    private SentMessage requestFromAskingBrowser(Harness h) {
        h.latchkey.requestSignIn(SignInRequest.login(Channel.EMAIL, EMAIL, Harness.REQUESTER).withBinding(asker));
        h.latchkey.deliveryWorker().drain();
        return h.mail.last();
    }

    @Test
    void viewWhenLookedAtThenNamesAccountAndRequesterWithoutRedeeming() {
        Harness h = Harness.inMemory();
        SentMessage sent = requestFromAskingBrowser(h);

        for (int i = 0; i < 3; i++) {
            ChallengeView view = h.latchkey.view(sent.token(), null).orElseThrow();
            assertThat(view.identifier()).isEqualTo(new EmailAddress(EMAIL));
            assertThat(view.requester().ip()).isEqualTo("203.0.113.7");
            assertThat(view.browserFamily()).isEqualTo("Firefox on Linux");
            assertThat(view.requestedAt()).isEqualTo(h.clock.instant());
            assertThat(view.sameBrowser()).isFalse();
            assertThat(view.problem()).isNull();
        }
        assertThat(h.latchkey.redeemLink(sent.token(), h.proof())).isInstanceOf(RedemptionOutcome.SignedIn.class);
        assertThat(h.latchkey.view(sent.token(), null).orElseThrow().problem()).isInstanceOf(RedemptionOutcome.Spent.class);
    }

    @Test
    void viewWhenAskingBrowserLooksThenSameBrowser() {
        Harness h = Harness.inMemory();
        SentMessage sent = requestFromAskingBrowser(h);
        assertThat(h.latchkey.view(sent.token(), asker).orElseThrow().sameBrowser()).isTrue();
        assertThat(h.latchkey.view(sent.token(), stranger).orElseThrow().sameBrowser()).isFalse();
        assertThat(h.latchkey.view("no-such-token", asker)).isEmpty();
    }

    @Test
    void redeemLinkWhenBindingRequiredAndOtherBrowserThenMismatchButCodeStillWorks() {
        Harness h = Harness.inMemory(s -> s.linkBinding(LinkBinding.REQUIRE));
        SentMessage sent = requestFromAskingBrowser(h);

        assertThat(h.latchkey.redeemLink(sent.token(), h.proof().withBinding(stranger)))
                .isInstanceOf(RedemptionOutcome.BindingMismatch.class);
        assertThat(h.latchkey.redeemLink(sent.token(), h.proof()))
                .isInstanceOf(RedemptionOutcome.BindingMismatch.class);
        assertThat(h.latchkey.redeemCode(Channel.EMAIL, EMAIL, sent.code(), h.proof()))
                .isInstanceOf(RedemptionOutcome.SignedIn.class);
    }

    @Test
    void redeemLinkWhenBindingRequiredAndAskingBrowserThenSignsIn() {
        Harness h = Harness.inMemory(s -> s.linkBinding(LinkBinding.REQUIRE));
        SentMessage sent = requestFromAskingBrowser(h);
        assertThat(h.latchkey.redeemLink(sent.token(), h.proof().withBinding(asker)))
                .isInstanceOf(RedemptionOutcome.SignedIn.class);
    }

    @Test
    void redeemLinkWhenBindingPreferredAndOtherBrowserThenSignsIn() {
        Harness h = Harness.inMemory(s -> s.linkBinding(LinkBinding.PREFER));
        SentMessage sent = requestFromAskingBrowser(h);
        assertThat(h.latchkey.redeemLink(sent.token(), h.proof().withBinding(stranger)))
                .isInstanceOf(RedemptionOutcome.SignedIn.class);
    }

    @Test
    void denyWhenThisWasNotMeThenLinkAndCodeAreDeadAndEventIsPublished() {
        Harness h = Harness.inMemory();
        SentMessage sent = requestFromAskingBrowser(h);
        String id = h.pendingRequestId(EMAIL);

        assertThat(h.latchkey.deny(sent.token(), Harness.REQUESTER)).isEqualTo(DenyOutcome.DENIED);
        assertThat(h.latchkey.redeemLink(sent.token(), h.proof())).isInstanceOf(RedemptionOutcome.Denied.class);
        assertThat(h.latchkey.redeemCode(id, sent.code(), h.proof())).isInstanceOf(RedemptionOutcome.Denied.class);
        assertThat(h.count(AuditEventType.LOGIN_DENIED_BY_USER)).isEqualTo(1);
        assertThat(h.latchkey.deny(sent.token(), Harness.REQUESTER)).isEqualTo(DenyOutcome.NOT_FOUND);
    }

    @Test
    void requestWhenPurgedThenViewIsEmpty() {
        Harness h = Harness.inMemory();
        SentMessage sent = requestFromAskingBrowser(h);
        h.clock.advance(Duration.ofMinutes(11));
        assertThat(h.latchkey.view(sent.token(), asker).orElseThrow().problem()).isInstanceOf(RedemptionOutcome.Expired.class);
        h.latchkey.purgeExpired();
        assertThat(h.latchkey.view(sent.token(), asker)).isEmpty();
    }
}
