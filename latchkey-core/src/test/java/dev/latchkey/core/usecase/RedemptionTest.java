package dev.latchkey.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.challenge.AuthMethod;
import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.challenge.ChallengeState;
import dev.latchkey.core.challenge.Proof;
import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.identity.UserStatus;
import dev.latchkey.core.secret.Code;
import dev.latchkey.core.secret.LinkToken;
import dev.latchkey.core.testing.Harness;
import org.junit.jupiter.api.Test;

class RedemptionTest {
    private final UseCaseFixture world = new UseCaseFixture();
    private final Redemption redemption = new Redemption(world.context, world.sessions);
    private final LinkToken token = LinkToken.generate(world.random);
    private final Code code = Code.generate(world.random, world.config.code());
    private final Proof proof = Proof.from(Harness.REQUESTER);

    @Test
    void aLinkSignsInAndAuditsInsideTheOneTransactionThatSpendsIt() {
        User alice = world.account(UseCaseFixture.ALICE);
        Challenge challenge = world.issued(Purpose.LOGIN, UseCaseFixture.ALICE, alice.id(), token, code);

        RedemptionOutcome outcome = redemption.link(token.reveal(), proof, null);

        assertThat(outcome).isInstanceOfSatisfying(RedemptionOutcome.SignedIn.class, signedIn -> {
            assertThat(signedIn.user().id()).isEqualTo(alice.id());
            assertThat(signedIn.method()).isEqualTo(AuthMethod.LINK);
        });
        assertThat(world.challenges.findById(challenge.id()).orElseThrow().state()).isEqualTo(ChallengeState.CONSUMED);
        assertThat(world.transactions.committed).isEqualTo(1);
        assertThat(world.events(AuditEventType.LOGIN_SUCCEEDED)).singleElement()
                .satisfies(published -> assertThat(published.inTransaction()).isTrue());
    }

    @Test
    void aCodeSignsInByRequestIdAndByIdentifier() {
        Challenge first = world.issued(Purpose.LOGIN, UseCaseFixture.ALICE, null, token, code);
        assertThat(redemption.code(first.id().value(), code.reveal(), proof, null))
                .isInstanceOf(RedemptionOutcome.SignedIn.class);

        Code second = Code.generate(world.random, world.config.code());
        world.issued(Purpose.LOGIN, UseCaseFixture.ALICE, null, LinkToken.generate(world.random), second);
        assertThat(redemption.code(UseCaseFixture.ALICE, second.reveal(), proof, null))
                .isInstanceOf(RedemptionOutcome.SignedIn.class);
    }

    @Test
    void aWrongCodeCountsAndSaysHowManyTriesAreLeft() {
        Challenge challenge = world.issued(Purpose.LOGIN, UseCaseFixture.ALICE, null, token, code);
        String wrong = code.reveal().equals("000000") ? "111111" : "000000";

        RedemptionOutcome outcome = redemption.code(challenge.id().value(), wrong, proof, null);

        assertThat(outcome).isEqualTo(new RedemptionOutcome.WrongCode(world.config.challenge().maxAttempts() - 1));
        assertThat(world.events(AuditEventType.LOGIN_FAILED)).singleElement()
                .satisfies(published -> assertThat(published.event().reason()).isEqualTo("wrong_code"));
    }

    @Test
    void aDisabledAccountIsRefusedAndNothingIsSpent() {
        User alice = world.account(UseCaseFixture.ALICE);
        world.users.update(alice.withStatus(UserStatus.DISABLED));
        Challenge challenge = world.issued(Purpose.LOGIN, UseCaseFixture.ALICE, alice.id(), token, code);

        RedemptionOutcome outcome = redemption.link(token.reveal(), proof, null);

        assertThat(outcome).isInstanceOf(RedemptionOutcome.Refused.class);
        assertThat(world.challenges.findById(challenge.id()).orElseThrow().uses()).isZero();
        assertThat(world.events(AuditEventType.LOGIN_SUCCEEDED)).isEmpty();
        assertThat(world.events(AuditEventType.SESSIONS_REVOKED)).hasSize(1);
    }

    @Test
    void anUnknownLinkIsNotFound() {
        assertThat(redemption.link("no-such-token", proof, null)).isInstanceOf(RedemptionOutcome.NotFound.class);
    }
}
