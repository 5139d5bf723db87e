package dev.latchkey.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.challenge.RequestOutcome;
import dev.latchkey.core.challenge.SignInRequest;
import dev.latchkey.core.config.Registration;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.testing.Harness;
import dev.latchkey.core.testing.SentMessage;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Behaviours of the libraries Latchkey replaces (SPEC §9), under their Latchkey settings. */
class SeedBehavioursTest {
    private static final String EMAIL = "ada@example.com";

    @Test
    void maxUsesWhenTwoThenTwoSignInsAndNoThird() {
        Harness h = Harness.inMemory(s -> s.maxUses(2));
        SentMessage sent = h.requestAndDeliver(EMAIL);

        assertThat(h.latchkey.redeemLink(sent.token(), h.proof())).isInstanceOf(RedemptionOutcome.SignedIn.class);
        assertThat(h.latchkey.redeemLink(sent.token(), h.proof())).isInstanceOf(RedemptionOutcome.SignedIn.class);
        assertThat(h.latchkey.redeemLink(sent.token(), h.proof())).isInstanceOf(RedemptionOutcome.Spent.class);
    }

    @Test
    void wrongCodeBurnsWhenOnThenAWrongCodeSpendsTheChallenge() {
        Harness h = Harness.inMemory(s -> s.wrongCodeBurns(true));
        SentMessage sent = h.requestAndDeliver(EMAIL);
        String id = h.pendingRequestId(EMAIL);
        String wrong = "000000".equals(sent.code()) ? "111111" : "000000";

        assertThat(h.latchkey.redeemCode(id, wrong, h.proof())).isInstanceOf(RedemptionOutcome.Spent.class);
        assertThat(h.latchkey.redeemCode(id, sent.code(), h.proof())).isInstanceOf(RedemptionOutcome.Spent.class);
    }

    @Test
    void wrongCodeBurnsWhenOffThenRightCodeStillWorksAfterAWrongOne() {
        Harness h = Harness.inMemory();
        SentMessage sent = h.requestAndDeliver(EMAIL);
        String id = h.pendingRequestId(EMAIL);
        String wrong = "000000".equals(sent.code()) ? "111111" : "000000";

        assertThat(h.latchkey.redeemCode(id, wrong, h.proof())).isInstanceOf(RedemptionOutcome.WrongCode.class);
        assertThat(h.latchkey.redeemCode(id, sent.code(), h.proof())).isInstanceOf(RedemptionOutcome.SignedIn.class);
    }

    @Test
    void registrationWhenOpenThenFirstSignInCreatesTheAccount() {
        Harness h = Harness.inMemory();
        SentMessage sent = h.requestAndDeliver(EMAIL);
        assertThat(h.stores.users().findByIdentifier(new EmailAddress(EMAIL))).isEmpty();

        RedemptionOutcome outcome = h.latchkey.redeemLink(sent.token(), h.proof());
        assertThat(outcome).isInstanceOf(RedemptionOutcome.SignedIn.class);
        assertThat(h.stores.users().findByIdentifier(new EmailAddress(EMAIL))).get()
                .satisfies(u -> assertThat(u.id()).isEqualTo(((RedemptionOutcome.SignedIn) outcome).user().id()))
                .satisfies(u -> assertThat(u.lastLoginAt()).isEqualTo(h.clock.instant()));
    }

    @Test
    void registrationWhenClosedThenUnknownIdentifierGetsNoMessage() {
        Harness h = Harness.inMemory(s -> s.registration(Registration.CLOSED));
        h.request(EMAIL);
        h.latchkey.deliveryWorker().drain();
        assertThat(h.mail.attempted()).isEmpty();
    }

    @Test
    void linkTemplateWhenAppSchemeThenLinkUsesIt() {
        Harness h = Harness.inMemory(s -> s.linkTemplate("myapp://login/{token}"));
        SentMessage sent = h.requestAndDeliver(EMAIL);
        assertThat(sent.link()).isEqualTo("myapp://login/" + sent.token());
    }

    @Test
    void emailNormalizerWhenItReturnsEmptyThenRequestIsRefused() {
        Harness h = new Harness(Harness.Stores.inMemory(), s -> { },
                b -> b.emailNormalizer(address -> address.endsWith("@blocked.example") ? Optional.empty() : Optional.of(address)));
        RequestOutcome outcome = h.latchkey.requestSignIn(SignInRequest.login(Channel.EMAIL, "x@blocked.example", Harness.REQUESTER));
        assertThat(outcome).isEqualTo(new RequestOutcome.Invalid("email", "This email address cannot be used to sign in.",
                "latchkey.invalid.email.refused"));
        assertThat(h.mail.attempted()).isEmpty();
    }

    @Test
    void emailNormalizerWhenItRewritesThenTheRewrittenAddressIsUsed() {
        Harness h = new Harness(Harness.Stores.inMemory(), s -> { },
                b -> b.emailNormalizer(address -> Optional.of(address.replaceFirst("\\+[^@]*@", "@"))));
        SentMessage sent = h.requestAndDeliver("Ada+news@Example.com");
        assertThat(sent.message().recipient()).isEqualTo(new EmailAddress(EMAIL));
    }

    @Test
    void smsWhenChannelEnabledThenCodeMessageEndsWithOriginBoundLine() {
        Harness h = Harness.inMemory(s -> s.channels(java.util.Set.of(Channel.EMAIL, Channel.SMS))
                .baseUrl("https://login.example.com:8443").appName("Acme"));
        h.latchkey.requestSignIn(SignInRequest.login(Channel.SMS, "+1 415 555 2671", Harness.REQUESTER));
        h.latchkey.deliveryWorker().drain();
        SentMessage sent = h.sms.last();

        assertThat(sent.message().text()).startsWith("Your Acme code is " + sent.code() + ". ")
                .endsWith("\n@login.example.com #" + sent.code());
        assertThat(h.latchkey.redeemCode(Channel.SMS, "+14155552671", sent.code(), h.proof()))
                .isInstanceOf(RedemptionOutcome.SignedIn.class);
    }

    @Test
    void smsWhenChannelDisabledThenRequestIsInvalid() {
        Harness h = Harness.inMemory();
        assertThat(h.latchkey.requestSignIn(SignInRequest.login(Channel.SMS, "+447700900123", Harness.REQUESTER)))
                .isEqualTo(new RequestOutcome.Invalid("phone", "Sign-in by text message is not enabled.",
                        "latchkey.invalid.channel.sms"));
    }
}
