package dev.latchkey.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.config.Rate;
import dev.latchkey.core.testing.MutableClock;
import dev.latchkey.core.throttle.ThrottleDecision;
import dev.latchkey.core.throttle.ThrottleDecision.Allowed;
import dev.latchkey.core.throttle.ThrottleDecision.Refused;
import dev.latchkey.core.throttle.ThrottleWindow;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link ThrottleStore} does, stated once; each store's test class extends this. */
public abstract class ThrottleStoreContract {
    private static final Rate THREE_PER_HOUR = Rate.parse("3/1h");

    protected final MutableClock clock = MutableClock.at("2030-01-01T09:00:00Z");

    protected abstract ThrottleStore store();

    /**
     * Whether {@link ThrottleStore#purgeExpired} does the removing. A store whose backend expires
     * windows on its own (Redis) returns {@code false}; its purge then finds nothing and says 0.
     */
    protected boolean purgeRemovesEndedWindows() {
        return true;
    }

    @Test
    void hitWhenWindowHasRoomThenAllowedWithWhatIsLeft() {
        assertThat(hit("ip:203.0.113.7")).isEqualTo(new Allowed(2));
        assertThat(hit("ip:203.0.113.7")).isEqualTo(new Allowed(1));
        assertThat(hit("ip:203.0.113.7")).isEqualTo(new Allowed(0));
    }

    @Test
    void hitWhenWindowFullThenRefusedUntilWindowEnds() {
        hit("k");
        clock.advance(Duration.ofMinutes(10));
        hit("k");
        hit("k");
        clock.advance(Duration.ofMinutes(5));

        assertThat(hit("k")).isEqualTo(new Refused(Duration.ofMinutes(45)));
        assertThat(hit("k")).isEqualTo(new Refused(Duration.ofMinutes(45)));
    }

    @Test
    void hitWhenWindowEndedThenNewWindowOpensAtNextHit() {
        hit("k");
        hit("k");
        hit("k");
        clock.advance(Duration.ofHours(1));

        assertThat(hit("k")).isEqualTo(new Allowed(2));
        clock.advance(Duration.ofMinutes(59));
        hit("k");
        hit("k");
        assertThat(hit("k")).isEqualTo(new Refused(Duration.ofMinutes(1)));
    }

    @Test
    void hitWhenOtherKeyIsFullThenAllowed() {
        hit("a");
        hit("a");
        hit("a");

        assertThat(hit("b")).isEqualTo(new Allowed(2));
    }

    @Test
    void hitInOrderWhenAllHaveRoomThenCountsEachAndReturnsTheLast() {
        Rate onePerHour = Rate.parse("1/1h");

        ThrottleDecision decision = store().hitInOrder(List.of(new ThrottleWindow("a", THREE_PER_HOUR),
                new ThrottleWindow("b", onePerHour)), clock.instant());

        assertThat(decision).isEqualTo(new Allowed(0));
        assertThat(check("a")).isEqualTo(new Allowed(2));
        assertThat(store().check("b", onePerHour, clock.instant())).isEqualTo(new Refused(Duration.ofHours(1)));
    }

    @Test
    void hitInOrderWhenOneIsFullThenRefusesAndCountsNothingAfterIt() {
        hit("full");
        hit("full");
        hit("full");
        clock.advance(Duration.ofMinutes(15));

        ThrottleDecision decision = store().hitInOrder(List.of(new ThrottleWindow("before", THREE_PER_HOUR),
                new ThrottleWindow("full", THREE_PER_HOUR), new ThrottleWindow("after", THREE_PER_HOUR)),
                clock.instant());

        assertThat(decision).isEqualTo(new Refused(Duration.ofMinutes(45)));
        assertThat(check("before")).isEqualTo(new Allowed(2));
        assertThat(check("after")).isEqualTo(new Allowed(3));
    }

    @Test
    void checkWhenCalledThenCountsNothing() {
        assertThat(check("k")).isEqualTo(new Allowed(3));
        hit("k");
        assertThat(check("k")).isEqualTo(new Allowed(2));
        assertThat(check("k")).isEqualTo(new Allowed(2));
        hit("k");
        hit("k");
        clock.advance(Duration.ofMinutes(20));

        assertThat(check("k")).isEqualTo(new Refused(Duration.ofMinutes(40)));
    }

    @Test
    void resetWhenCalledThenWindowIsForgotten() {
        hit("k");
        hit("k");
        hit("k");

        store().reset("k");

        assertThat(check("k")).isEqualTo(new Allowed(3));
        assertThat(hit("k")).isEqualTo(new Allowed(2));
    }

    @Test
    void purgeExpiredWhenWindowsEndedThenRemovesOnlyThose() {
        hit("old-1");
        hit("old-2");
        clock.advance(Duration.ofMinutes(30));
        hit("live");
        clock.advance(Duration.ofMinutes(30));

        assertThat(store().purgeExpired(clock.instant())).isEqualTo(purgeRemovesEndedWindows() ? 2 : 0);

        assertThat(check("old-1")).isEqualTo(new Allowed(3));
        assertThat(check("live")).isEqualTo(new Allowed(2));
        assertThat(store().purgeExpired(clock.instant())).isZero();
    }

    @Test
    void hitWhenFiftyThreadsRaceThenExactlyCountAllowed() throws Exception {
        Rate tenPerHour = Rate.parse("10/1h");

        List<ThrottleDecision> decisions = Race.run(50, () -> store().hit("race", tenPerHour, clock.instant()));

        assertThat(decisions).filteredOn(Allowed.class::isInstance).hasSize(10);
        assertThat(decisions).filteredOn(Allowed.class::isInstance).extracting(d -> ((Allowed) d).remaining())
                .containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(store().check("race", tenPerHour, clock.instant())).isEqualTo(new Refused(Duration.ofHours(1)));
    }

    private ThrottleDecision hit(String key) {
        return store().hit(key, THREE_PER_HOUR, clock.instant());
    }

    private ThrottleDecision check(String key) {
        return store().check(key, THREE_PER_HOUR, clock.instant());
    }
}
