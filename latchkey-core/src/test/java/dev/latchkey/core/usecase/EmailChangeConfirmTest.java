package dev.latchkey.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.challenge.EmailChangeOutcome;
import dev.latchkey.core.challenge.Proof;
import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.delivery.OutboxKind;
import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.secret.Code;
import dev.latchkey.core.secret.LinkToken;
import dev.latchkey.core.testing.Harness;
import org.junit.jupiter.api.Test;

class EmailChangeConfirmTest {
    private static final EmailAddress NEW = new EmailAddress("alice@new.example");

    private final UseCaseFixture world = new UseCaseFixture();
    private final EmailChange emailChange = new EmailChange(world.context);
    private final LinkToken token = LinkToken.generate(world.random);
    private final Proof proof = Proof.from(Harness.REQUESTER);

    @Test
    void changesTheAddressQueuesTheNoticeAndAuditsInOneTransaction() {
        User alice = world.account(UseCaseFixture.ALICE);
        Challenge challenge = world.issued(Purpose.CHANGE_EMAIL, NEW, alice.id(), token,
                Code.generate(world.random, world.config.code()));

        EmailChangeOutcome outcome = emailChange.confirm(token.reveal(), proof);

        assertThat(outcome).isEqualTo(new EmailChangeOutcome.Changed(alice.withEmail(NEW), UseCaseFixture.ALICE));
        assertThat(world.users.findById(alice.id()).orElseThrow().email()).isEqualTo(NEW);
        assertThat(world.outbox.findByChallenge(challenge.id())).singleElement()
                .satisfies(entry -> assertThat(entry.kind()).isEqualTo(OutboxKind.EMAIL_CHANGED_NOTICE));
        assertThat(world.transactions.committed).isEqualTo(1);
        assertThat(world.events(AuditEventType.EMAIL_CHANGED)).singleElement()
                .satisfies(published -> assertThat(published.inTransaction()).isTrue());
    }

    @Test
    void anAddressAnotherAccountHoldsIsTaken() {
        User alice = world.account(UseCaseFixture.ALICE);
        world.account(NEW);
        world.issued(Purpose.CHANGE_EMAIL, NEW, alice.id(), token, Code.generate(world.random, world.config.code()));

        assertThat(emailChange.confirm(token.reveal(), proof)).isEqualTo(new EmailChangeOutcome.Taken());
        assertThat(world.users.findById(alice.id()).orElseThrow().email()).isEqualTo(UseCaseFixture.ALICE);
    }

    @Test
    void aSignInLinkIsNoEmailChange() {
        User alice = world.account(UseCaseFixture.ALICE);
        world.issued(Purpose.LOGIN, UseCaseFixture.ALICE, alice.id(), token,
                Code.generate(world.random, world.config.code()));

        assertThat(emailChange.confirm(token.reveal(), proof)).isInstanceOf(EmailChangeOutcome.Failed.class);
    }
}
