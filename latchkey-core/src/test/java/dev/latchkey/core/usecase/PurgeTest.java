package dev.latchkey.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.memory.InMemoryCeremonyStore;
import dev.latchkey.core.passkey.Ceremony;
import dev.latchkey.core.secret.Code;
import dev.latchkey.core.secret.LinkToken;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PurgeTest {
    private final UseCaseFixture world = new UseCaseFixture();
    private final InMemoryCeremonyStore ceremonies = new InMemoryCeremonyStore();
    private final Purge purge = new Purge(world.context, ceremonies);

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
    void expiredWhenCeremoniesExpiredThenDeletesThemAndKeepsOpenOnes() {
        Ceremony old = ceremony("old", Duration.ofMinutes(5));
        Ceremony open = ceremony("open", Duration.ofMinutes(10));
        world.clock.advance(Duration.ofMinutes(5));

        purge.expired();

        // Taken as of the start, so only the purge can have removed the old one.
        assertThat(ceremonies.take(old.idDigest(), world.clock.instant().minus(Duration.ofMinutes(5)))).isEmpty();
        assertThat(ceremonies.take(open.idDigest(), world.clock.instant())).contains(open);
    }

    private Ceremony ceremony(String id, Duration ttl) {
        Ceremony ceremony = new Ceremony(world.digests.ceremony(id), Ceremony.Purpose.AUTHENTICATION, null, "{}",
                world.clock.instant().plus(ttl));
        ceremonies.save(ceremony);
        return ceremony;
    }
}
