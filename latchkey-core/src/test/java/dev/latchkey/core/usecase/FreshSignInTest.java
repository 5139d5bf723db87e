package dev.latchkey.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FreshSignInTest {
    private final MutableClock clock = MutableClock.at("2030-01-01T09:00:00Z");
    private final FreshSignIn fresh = new FreshSignIn(clock, Duration.ofMinutes(10));

    @Test
    void aSignInIsFreshUpToItsMaxAgeInclusive() {
        Instant signedIn = clock.instant();
        clock.advance(Duration.ofMinutes(10));
        assertThat(fresh.isFresh(signedIn)).isTrue();

        clock.advance(Duration.ofSeconds(1));
        assertThat(fresh.isFresh(signedIn)).isFalse();
    }

    @Test
    void anUnknownSignInTimeIsNeverFresh() {
        assertThat(fresh.isFresh(null)).isFalse();
    }
}
