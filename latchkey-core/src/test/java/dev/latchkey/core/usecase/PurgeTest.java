package dev.latchkey.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.passkey.Ceremony;
import dev.latchkey.core.secret.Code;
import dev.latchkey.core.secret.LinkToken;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PurgeTest {
    private final UseCaseFixture world = new UseCaseFixture();
    private final Purge purge = new Purge(world.context, world.ceremonies);

    @Test
    void deletesOnlyExpiredChallenges() {
        Challenge old = world.issued(Purpose.LOGIN, UseCaseFixture.ALICE, null, LinkToken.generate(world.random),
                Code.generate(world.random, world.config.code()));
        world.clock.advance(world.config.challenge().ttl().plus(Duration.ofDays(2)));
        Challenge fresh = world.issued(Purpose.LOGIN, UseCaseFixture.ALICE, null, LinkToken.generate(world.random),
                Code.generate(world.random, world.config.code()));

        assertThat(purge.expired()).isEqualTo(1);

        assertThat(world.challenges.findById(old.id())).isEmpty();
        assertThat(world.challenges.findById(fresh.id())).isPresent();
    }

    @Test
    void deletesExpiredPasskeyCeremonies() {
        Ceremony old = new Ceremony(world.digests.ceremony("old"), Ceremony.Purpose.AUTHENTICATION, null, "{}",
                world.clock.instant().plus(Duration.ofMinutes(5)));
        world.ceremonies.save(old);
        world.clock.advance(Duration.ofMinutes(6));
        Ceremony open = new Ceremony(world.digests.ceremony("open"), Ceremony.Purpose.AUTHENTICATION, null, "{}",
                world.clock.instant().plus(Duration.ofMinutes(5)));
        world.ceremonies.save(open);

        purge.expired();

        assertThat(world.ceremonies.take(old.idDigest(), world.clock.instant().minus(Duration.ofMinutes(10)))).isEmpty();
        assertThat(world.ceremonies.take(open.idDigest(), world.clock.instant())).isPresent();
    }
}
