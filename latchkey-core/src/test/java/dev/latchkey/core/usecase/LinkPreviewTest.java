package dev.latchkey.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.secret.Code;
import dev.latchkey.core.secret.LinkToken;
import org.junit.jupiter.api.Test;

class LinkPreviewTest {
    private final UseCaseFixture world = new UseCaseFixture();
    private final LinkPreview preview = new LinkPreview(world.context);
    private final LinkToken token = LinkToken.generate(world.random);

    @Test
    void showsTheChallengeWithoutSpendingIt() {
        Challenge challenge = world.issued(Purpose.LOGIN, UseCaseFixture.ALICE, null, token,
                Code.generate(world.random, world.config.code()));

        assertThat(preview.view(Purpose.LOGIN, token.reveal(), null)).hasValueSatisfying(view -> {
            assertThat(view.requestId()).isEqualTo(challenge.id());
            assertThat(view.sameBrowser()).isFalse();
            assertThat(view.problem()).isNull();
        });
        assertThat(world.challenges.findById(challenge.id()).orElseThrow().uses()).isZero();
        assertThat(world.transactions.committed).isZero();
    }

    @Test
    void saysWhyAnExpiredLinkCannotBeUsed() {
        world.issued(Purpose.LOGIN, UseCaseFixture.ALICE, null, token, Code.generate(world.random, world.config.code()));
        world.clock.advance(world.config.challenge().ttl());

        assertThat(preview.view(Purpose.LOGIN, token.reveal(), null)).hasValueSatisfying(view ->
                assertThat(view.problem()).isInstanceOf(RedemptionOutcome.Expired.class));
        assertThat(preview.view(Purpose.CHANGE_EMAIL, token.reveal(), null)).isEmpty();
    }
}
