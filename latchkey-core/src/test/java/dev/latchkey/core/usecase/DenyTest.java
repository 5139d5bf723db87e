package dev.latchkey.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.challenge.ChallengeState;
import dev.latchkey.core.challenge.DenyOutcome;
import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.secret.Code;
import dev.latchkey.core.secret.LinkToken;
import dev.latchkey.core.testing.Harness;
import org.junit.jupiter.api.Test;

class DenyTest {
    private final UseCaseFixture world = new UseCaseFixture();
    private final Deny deny = new Deny(world.context);
    private final LinkToken token = LinkToken.generate(world.random);

    @Test
    void deniesTheChallengeAndAuditsInTheSameTransaction() {
        Challenge challenge = world.issued(Purpose.LOGIN, UseCaseFixture.ALICE, null, token,
                Code.generate(world.random, world.config.code()));

        assertThat(deny.deny(token.reveal(), Harness.REQUESTER)).isEqualTo(DenyOutcome.DENIED);

        assertThat(world.challenges.findById(challenge.id()).orElseThrow().state()).isEqualTo(ChallengeState.DENIED);
        assertThat(world.events(AuditEventType.LOGIN_DENIED_BY_USER)).singleElement()
                .satisfies(published -> assertThat(published.inTransaction()).isTrue());
    }

    @Test
    void aSecondDenyOrAnUnknownLinkFindsNothing() {
        world.issued(Purpose.LOGIN, UseCaseFixture.ALICE, null, token, Code.generate(world.random, world.config.code()));
        deny.deny(token.reveal(), Harness.REQUESTER);

        assertThat(deny.deny(token.reveal(), Harness.REQUESTER)).isEqualTo(DenyOutcome.NOT_FOUND);
        assertThat(deny.deny("unknown", Harness.REQUESTER)).isEqualTo(DenyOutcome.NOT_FOUND);
        assertThat(world.events(AuditEventType.LOGIN_DENIED_BY_USER)).hasSize(1);
    }
}
