package dev.latchkey.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.challenge.RequestOutcome;
import dev.latchkey.core.challenge.SignInRequest;
import dev.latchkey.core.config.Registration;
import dev.latchkey.core.delivery.OutboxKind;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.core.testing.Harness;
import org.junit.jupiter.api.Test;

class RequestSignInTest {
    private final UseCaseFixture world = new UseCaseFixture();
    private final RequestSignIn requestSignIn = new RequestSignIn(world.context);

    @Test
    void writesTheChallengeItsOutboxRowAndItsAuditEventInOneTransaction() {
        RequestOutcome outcome = requestSignIn.request(
                SignInRequest.login(Channel.EMAIL, "alice@example.com", Harness.REQUESTER));

        RequestOutcome.Accepted accepted = (RequestOutcome.Accepted) outcome;
        assertThat(world.challenges.findById(accepted.requestId())).isPresent();
        assertThat(world.outbox.findByChallenge(accepted.requestId())).singleElement()
                .satisfies(entry -> assertThat(entry.kind()).isEqualTo(OutboxKind.MESSAGE));
        assertThat(world.transactions.committed).isEqualTo(1);
        assertThat(world.events(AuditEventType.LOGIN_REQUESTED)).singleElement()
                .satisfies(published -> assertThat(published.inTransaction()).isTrue());
    }

    @Test
    void queuesADecoyForAnIdentifierWithoutAnAccountWhenRegistrationIsClosed() {
        UseCaseFixture closed = new UseCaseFixture(settings -> settings.registration(Registration.CLOSED));

        RequestOutcome.Accepted accepted = (RequestOutcome.Accepted) new RequestSignIn(closed.context).request(
                SignInRequest.login(Channel.EMAIL, "alice@example.com", Harness.REQUESTER));

        assertThat(closed.outbox.findByChallenge(accepted.requestId())).singleElement()
                .satisfies(entry -> assertThat(entry.kind()).isEqualTo(OutboxKind.DECOY));
        assertThat(closed.events(AuditEventType.LOGIN_REQUESTED)).hasSize(1);
    }

    @Test
    void refusesInvalidInputWithoutWritingAnything() {
        RequestOutcome outcome = requestSignIn.request(SignInRequest.login(Channel.EMAIL, "not an address",
                Harness.REQUESTER));

        assertThat(outcome).isInstanceOf(RequestOutcome.Invalid.class);
        assertThat(world.transactions.committed).isZero();
        assertThat(world.events).isEmpty();
    }

    @Test
    void refusesADisabledChannel() {
        RequestOutcome outcome = requestSignIn.request(SignInRequest.login(Channel.SMS, "+447700900123",
                Harness.REQUESTER));

        assertThat(outcome).isEqualTo(new RequestOutcome.Invalid("phone", "Sign-in by text message is not enabled.",
                "latchkey.invalid.channel.sms"));
    }
}
