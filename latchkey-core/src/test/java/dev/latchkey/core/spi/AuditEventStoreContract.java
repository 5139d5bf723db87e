package dev.latchkey.core.spi;

import static dev.latchkey.core.spi.Challenges.ALICE;
import static dev.latchkey.core.spi.Challenges.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.audit.AuditEvent;
import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.audit.AuditQuery;
import dev.latchkey.core.audit.RecordedEvent;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
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

    @Test
    void findWhenClientNamedThenReturnsItWithIncreasingIds() {
        AuditEvent minted = new AuditEvent(AuditEventType.SIGN_IN_LINK_MINTED, new UserId("user-1"), ALICE,
                "198.51.100.4", "curl/8", clock.instant(), "handed_over", "support-desk");
        store().append(minted);
        clock.advance(Duration.ofSeconds(1));
        AuditEvent viewed = new AuditEvent(AuditEventType.USER_VIEWED, new UserId("user-1"), null, null, null,
                clock.instant(), null, "support-desk");
        store().append(viewed);

        List<RecordedEvent> found = store().find(new AuditQuery(null, null, null, 10));

        assertThat(found).extracting(RecordedEvent::event).containsExactly(viewed, minted);
        assertThat(found.get(0).id()).isGreaterThan(found.get(1).id());
    }

    @Test
    void findWhenFilteredByUserAndTypeThenOnlyThose() {
        UserId ada = new UserId("user-ada");
        AuditEvent adaFailed = new AuditEvent(AuditEventType.LOGIN_FAILED, ada, null, null, null, clock.instant(), "wrong_code");
        AuditEvent adaIn = new AuditEvent(AuditEventType.LOGIN_SUCCEEDED, ada, null, null, null, clock.instant(), "link");
        AuditEvent bobFailed = new AuditEvent(AuditEventType.LOGIN_FAILED, new UserId("user-bob"), null, null, null,
                clock.instant(), "wrong_code");
        List.of(adaFailed, adaIn, bobFailed).forEach(store()::append);

        assertThat(store().find(new AuditQuery(ada, null, null, 10))).extracting(RecordedEvent::event)
                .containsExactly(adaIn, adaFailed);
        assertThat(store().find(new AuditQuery(null, AuditEventType.LOGIN_FAILED, null, 10)))
                .extracting(RecordedEvent::event).containsExactly(bobFailed, adaFailed);
        assertThat(store().find(new AuditQuery(ada, AuditEventType.LOGIN_FAILED, null, 10)))
                .extracting(RecordedEvent::event).containsExactly(adaFailed);
    }

    @Test
    void findWhenPagedAfterPositionsThenEveryEventOnceNewestFirstEvenWithinOneInstant() {
        List<AuditEvent> appended = new ArrayList<>(appendOnePerMinute(3, clock.instant()));
        // Three more in the same microsecond: the id orders them.
        appended.addAll(appendOnePerMinute(1, clock.instant().plus(Duration.ofMinutes(5))));
        appended.addAll(appendOnePerMinute(1, clock.instant().plus(Duration.ofMinutes(5))));
        appended.addAll(appendOnePerMinute(1, clock.instant().plus(Duration.ofMinutes(5))));

        List<AuditEvent> listed = new ArrayList<>();
        AuditQuery.Position after = null;
        for (int page = 0; page < 3; page++) {
            List<RecordedEvent> found = store().find(new AuditQuery(null, null, after, 2));
            assertThat(found).hasSize(2);
            found.forEach(recorded -> listed.add(recorded.event()));
            after = AuditQuery.Position.parse(AuditQuery.Position.after(found.get(1)).cursor()).orElseThrow();
        }

        assertThat(store().find(new AuditQuery(null, null, after, 2))).isEmpty();
        Collections.reverse(appended);
        assertThat(listed).containsExactlyElementsOf(appended);
    }

    @Test
    void eraseWhenUserOrAddressNamedThenOnlyIdsStay() {
        UserId erased = new UserId("user-erased");
        AuditEvent own = new AuditEvent(AuditEventType.LOGIN_SUCCEEDED, erased, ALICE, "203.0.113.7", "Mozilla/5.0",
                clock.instant(), "link");
        AuditEvent beforeAccount = new AuditEvent(AuditEventType.LOGIN_REQUESTED, null, ALICE, "203.0.113.7",
                "Mozilla/5.0", clock.instant(), "login");
        AuditEvent other = new AuditEvent(AuditEventType.LOGIN_REQUESTED, new UserId("user-bob"), BOB, "203.0.113.9",
                "Mozilla/5.0", clock.instant(), "login");
        List.of(own, beforeAccount, other).forEach(store()::append);

        assertThat(store().erase(erased, List.of(ALICE))).isEqualTo(2);

        assertThat(store().findRecent(10)).containsExactlyInAnyOrder(
                new AuditEvent(AuditEventType.LOGIN_SUCCEEDED, erased, null, null, null, clock.instant(), "link"),
                new AuditEvent(AuditEventType.LOGIN_REQUESTED, null, null, null, null, clock.instant(), "login"),
                other);
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
