package dev.latchkey.core.spi;

import static dev.latchkey.core.spi.Challenges.randomDigest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.passkey.Ceremony;
import dev.latchkey.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What every {@link CeremonyStore} does, stated once; each store's test class extends this. */
public abstract class CeremonyStoreContract {
    protected static final Duration TTL = Duration.ofMinutes(5);
    private static final UserId ALICE = new UserId("0190a5c4-1234-7abc-8def-0123456789ab");

    protected final MutableClock clock = MutableClock.at("2030-01-01T09:00:00Z");

    protected abstract CeremonyStore store();

    @Test
    void takeWhenRegistrationSavedThenReturnsEveryFieldOnce() {
        // Long, non-ASCII JSON: the column is text, not a short varchar, and keeps every character.
        String options = "{\"challenge\":\"" + "q".repeat(43) + "\",\"rp\":{\"name\":\"Café ✓\"},\"pad\":\""
                + "x".repeat(6000) + "\"}";
        Ceremony ceremony = new Ceremony(randomDigest(), Ceremony.Purpose.REGISTRATION, ALICE, options,
                clock.instant().plus(TTL).plusNanos(250_000));

        store().save(ceremony);

        assertThat(store().take(ceremony.idDigest(), clock.instant())).contains(ceremony);
        assertThat(store().take(ceremony.idDigest(), clock.instant())).isEmpty();
    }

    @Test
    void takeWhenAuthenticationSavedThenReturnsItWithoutUser() {
        Ceremony ceremony = saved(Ceremony.Purpose.AUTHENTICATION, clock.instant().plus(TTL));

        assertThat(store().take(ceremony.idDigest(), clock.instant())).contains(ceremony);
    }

    @Test
    void takeWhenUnknownThenEmptyAndOthersStay() {
        Ceremony other = saved(Ceremony.Purpose.AUTHENTICATION, clock.instant().plus(TTL));

        assertThat(store().take(randomDigest(), clock.instant())).isEmpty();

        assertThat(store().take(other.idDigest(), clock.instant())).contains(other);
    }

    @Test
    void takeWhenClockReachesExpiryThenEmpty() {
        Ceremony expiring = saved(Ceremony.Purpose.AUTHENTICATION, clock.instant().plus(TTL));
        Ceremony justLive = saved(Ceremony.Purpose.AUTHENTICATION, clock.instant().plus(TTL).plusSeconds(1));
        clock.advance(TTL);

        assertThat(store().take(expiring.idDigest(), clock.instant())).isEmpty();
        assertThat(store().take(justLive.idDigest(), clock.instant())).contains(justLive);
    }

    @Test
    void takeWhenFiftyThreadsRaceThenExactlyOneGetsIt() throws Exception {
        Ceremony ceremony = saved(Ceremony.Purpose.REGISTRATION, clock.instant().plus(TTL));

        List<Optional<Ceremony>> results = Race.run(50, () -> store().take(ceremony.idDigest(), clock.instant()));

        assertThat(results).hasSize(50).filteredOn(Optional::isPresent).containsExactly(Optional.of(ceremony));
    }

    @Test
    void saveWhenIdDigestTakenThenThrowsAndKeepsTheFirst() {
        Ceremony first = saved(Ceremony.Purpose.AUTHENTICATION, clock.instant().plus(TTL));
        Ceremony second = new Ceremony(first.idDigest(), Ceremony.Purpose.REGISTRATION, ALICE, "{}",
                clock.instant().plus(TTL));

        assertThatThrownBy(() -> store().save(second)).isInstanceOf(IllegalStateException.class);

        assertThat(store().take(first.idDigest(), clock.instant())).contains(first);
    }

    @Test
    void purgeExpiredWhenMoreThanBatchSizeThenDeletesInBatchesAndKeepsLiveOnes() {
        List<Ceremony> expired = IntStream.range(0, 25).mapToObj(i -> saved(Ceremony.Purpose.AUTHENTICATION,
                clock.instant().plus(TTL).minusSeconds(i))).toList();
        List<Ceremony> live = IntStream.range(0, 3).mapToObj(i -> saved(Ceremony.Purpose.REGISTRATION,
                clock.instant().plus(TTL).plusSeconds(1))).toList();
        clock.advance(TTL);

        List<Integer> batches = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            batches.add(store().purgeExpired(clock.instant(), 10));
        }

        assertThat(batches).containsExactly(10, 10, 5, 0);
        Instant before = clock.instant().minusSeconds(1);
        assertThat(expired).allSatisfy(c -> assertThat(store().take(c.idDigest(), before)).isEmpty());
        assertThat(live).allSatisfy(c -> assertThat(store().take(c.idDigest(), clock.instant())).contains(c));
    }

    private Ceremony saved(Ceremony.Purpose purpose, Instant expiresAt) {
        Ceremony ceremony = new Ceremony(randomDigest(), purpose,
                purpose == Ceremony.Purpose.REGISTRATION ? ALICE : null,
                "{\"challenge\":\"tIePRhOBGg1vOWe4Pg_ntoakpLzMfF9iY3N1Ov6SBOM\"}", expiresAt);
        store().save(ceremony);
        return ceremony;
    }
}
