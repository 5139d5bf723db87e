package dev.latchkey.core.spi;

import static dev.latchkey.core.spi.Challenges.ALICE;
import static dev.latchkey.core.spi.Challenges.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.audit.AuditEvent;
import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link AuditEventStore} does, stated once; each store's test class extends this. */
public abstract class AuditEventStoreContract {
    protected final MutableClock clock = MutableClock.at("2030-01-01T09:00:00Z");

    protected abstract AuditEventStore store();

    @Test
    void findRecentWhenAppendedThenNewestFirstWithEveryField() {
        AuditEvent requested = new AuditEvent(AuditEventType.LOGIN_REQUESTED, null, ALICE, "203.0.113.7",
                "Mozilla/5.0", clock.instant(), null);
        clock.advance(Duration.ofSeconds(1));
        AuditEvent failed = new AuditEvent(AuditEventType.LOGIN_FAILED, new UserId("user-1"), BOB, null, null,
                clock.instant(), "wrong_code");
        clock.advance(Duration.ofSeconds(1));
        AuditEvent logout = new AuditEvent(AuditEventType.LOGOUT, new UserId("user-1"), null, null, null,
                clock.instant(), null);
        store().append(requested);
        store().append(failed);
        store().append(logout);

        assertThat(store().findRecent(10)).containsExactly(logout, failed, requested);
    }

    @Test
    void findRecentWhenMoreThanLimitThenNewestOnly() {
        List<AuditEvent> appended = appendOnePerMinute(5, clock.instant());

        assertThat(store().findRecent(2)).containsExactly(appended.get(4), appended.get(3));
    }

    @Test
    void findRecentWhenEmptyThenEmpty() {
        assertThat(store().findRecent(10)).isEmpty();
    }

    @Test
    void purgeOlderThanWhenMoreThanBatchSizeThenDeletesInBatches() {
        Instant before = clock.instant();
        appendOnePerMinute(25, before.minus(Duration.ofMinutes(25)));
        List<AuditEvent> kept = appendOnePerMinute(3, before);

        List<Integer> batches = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            batches.add(store().purgeOlderThan(before, 10));
        }

        assertThat(batches).containsExactly(10, 10, 5, 0);
        assertThat(store().findRecent(100)).containsExactly(kept.get(2), kept.get(1), kept.get(0));
    }

    private List<AuditEvent> appendOnePerMinute(int count, Instant from) {
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            AuditEvent event = new AuditEvent(AuditEventType.MESSAGE_SENT, null, ALICE, "203.0.113.7", null,
                    from.plus(Duration.ofMinutes(i)), null);
            store().append(event);
            events.add(event);
        }
        return events;
    }
}
