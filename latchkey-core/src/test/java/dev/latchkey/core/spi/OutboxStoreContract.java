package dev.latchkey.core.spi;

import static dev.latchkey.core.spi.Challenges.ALICE;
import static dev.latchkey.core.spi.Challenges.BOB;
import static dev.latchkey.core.spi.Challenges.pending;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.challenge.RequesterContext;
import dev.latchkey.core.delivery.OutboxEntry;
import dev.latchkey.core.delivery.OutboxKind;
import dev.latchkey.core.delivery.OutboxState;
import dev.latchkey.core.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/** What every {@link OutboxStore} does, stated once; each store's test class extends this. */
public abstract class OutboxStoreContract {
    private static final Duration LEASE = Duration.ofMinutes(1);

    protected final MutableClock clock = MutableClock.at("2030-01-01T09:00:00Z");

    protected abstract OutboxStore store();

    /** Where the entries' challenges live, for stores that check that a challenge exists. */
    protected abstract ChallengeStore challenges();

    @Test
    void findByChallengeWhenEnqueuedThenReturnsEveryFieldOldestFirst() {
        Challenge challenge = challenge();
        OutboxEntry first = new OutboxEntry("entry-1", challenge.id(), BOB, new RequesterContext("2001:db8::7", null),
                clock.instant(), OutboxKind.DECOY, OutboxState.PENDING, 0, clock.instant(), 0);
        OutboxEntry second = new OutboxEntry("entry-2", challenge.id(), ALICE,
                new RequesterContext("203.0.113.7", "curl/8.0"), clock.instant().plusSeconds(1), OutboxKind.EMAIL_CHANGED_NOTICE,
                OutboxState.PENDING, 0, clock.instant().plusSeconds(1), 0);
        store().enqueue(first);
        store().enqueue(second);

        assertThat(store().findByChallenge(challenge.id())).containsExactly(first, second);
    }

    @Test
    void claimDueWhenSeveralDueThenOldestFirstUpToLimit() {
        OutboxEntry newest = enqueueDueAt(clock.instant().minusSeconds(1));
        OutboxEntry oldest = enqueueDueAt(clock.instant().minusSeconds(3));
        OutboxEntry middle = enqueueDueAt(clock.instant().minusSeconds(2));

        assertThat(store().claimDue(clock.instant(), 2, LEASE)).containsExactly(oldest.claimed(), middle.claimed());
        assertThat(store().claimDue(clock.instant(), 2, LEASE)).containsExactly(newest.claimed());
    }

    @Test
    void claimDueWhenNextAttemptInFutureThenNotClaimedUntilThen() {
        OutboxEntry later = enqueueDueAt(clock.instant().plusSeconds(30));

        assertThat(store().claimDue(clock.instant(), 10, LEASE)).isEmpty();
        clock.advance(Duration.ofSeconds(30));
        assertThat(store().claimDue(clock.instant(), 10, LEASE)).containsExactly(later.claimed());
    }

    @Test
    void claimDueWhenLeasedThenNotClaimedAgainUntilLeaseEnds() {
        OutboxEntry entry = enqueueDueAt(clock.instant());
        assertThat(store().claimDue(clock.instant(), 10, LEASE)).containsExactly(entry.claimed());

        clock.advance(LEASE.minusSeconds(1));
        assertThat(store().claimDue(clock.instant(), 10, LEASE)).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(store().claimDue(clock.instant(), 10, LEASE)).containsExactly(entry.claimed().claimed());
    }

    @Test
    void claimDueWhenSentDroppedOrAbandonedThenNeverClaimedAgain() {
        OutboxEntry sent = enqueueDueAt(clock.instant());
        OutboxEntry dropped = enqueueDueAt(clock.instant());
        OutboxEntry abandoned = enqueueDueAt(clock.instant());
        assertThat(store().claimDue(clock.instant(), 10, LEASE)).hasSize(3);

        assertThat(store().markSent(sent.claimed(), 1, clock.instant())).isTrue();
        assertThat(store().markDropped(dropped.claimed(), clock.instant())).isTrue();
        assertThat(store().markAbandoned(abandoned.claimed(), 5, clock.instant())).isTrue();
        clock.advance(Duration.ofDays(1));

        assertThat(store().claimDue(clock.instant(), 10, LEASE)).isEmpty();
    }

    @Test
    void markSentWhenCalledThenStateAndAttemptsAreRecorded() {
        OutboxEntry entry = enqueueDueAt(clock.instant());
        store().claimDue(clock.instant(), 10, LEASE);

        assertThat(store().markSent(entry.claimed(), 2, clock.instant())).isTrue();

        assertThat(store().findByChallenge(entry.challengeId()))
                .extracting(OutboxEntry::state, OutboxEntry::attempts)
                .containsExactly(tuple(OutboxState.SENT, 2));
    }

    @Test
    void markDroppedAndAbandonedWhenCalledThenStatesAreRecorded() {
        OutboxEntry dropped = enqueueDueAt(clock.instant());
        OutboxEntry abandoned = enqueueDueAt(clock.instant());
        store().claimDue(clock.instant(), 10, LEASE);

        assertThat(store().markDropped(dropped.claimed(), clock.instant())).isTrue();
        assertThat(store().markAbandoned(abandoned.claimed(), 5, clock.instant())).isTrue();

        assertThat(store().findByChallenge(dropped.challengeId())).extracting(OutboxEntry::state)
                .containsExactly(OutboxState.DROPPED);
        assertThat(store().findByChallenge(abandoned.challengeId()))
                .extracting(OutboxEntry::state, OutboxEntry::attempts)
                .containsExactly(tuple(OutboxState.ABANDONED, 5));
    }

    @Test
    void scheduleRetryWhenCalledThenDueAtNewTimeWithAttempts() {
        OutboxEntry entry = enqueueDueAt(clock.instant());
        store().claimDue(clock.instant(), 10, LEASE);
        Instant retryAt = clock.instant().plusSeconds(5);

        assertThat(store().scheduleRetry(entry.claimed(), 1, retryAt)).isTrue();

        assertThat(store().claimDue(clock.instant(), 10, LEASE)).isEmpty();
        clock.advance(Duration.ofSeconds(5));
        assertThat(store().claimDue(clock.instant(), 10, LEASE)).containsExactly(
                new OutboxEntry(entry.id(), entry.challengeId(), entry.recipient(), entry.requester(),
                        entry.requestedAt(), entry.kind(), OutboxState.PENDING, 1, retryAt, 2));
    }

    @Test
    void markSentWhenAnotherWorkerClaimedSinceThenRefusedAndOnlyTheNewClaimCompletes() {
        enqueueDueAt(clock.instant());
        OutboxEntry stale = store().claimDue(clock.instant(), 10, LEASE).get(0);
        clock.advance(LEASE);
        OutboxEntry current = store().claimDue(clock.instant(), 10, LEASE).get(0);

        assertThat(store().markSent(stale, 1, clock.instant())).isFalse();
        assertThat(store().markDropped(stale, clock.instant())).isFalse();
        assertThat(store().markAbandoned(stale, 1, clock.instant())).isFalse();
        assertThat(store().scheduleRetry(stale, 1, clock.instant().plusSeconds(5))).isFalse();
        assertThat(store().findByChallenge(stale.challengeId())).extracting(OutboxEntry::state, OutboxEntry::attempts)
                .containsExactly(tuple(OutboxState.PENDING, 0));

        assertThat(store().markSent(current, 1, clock.instant())).isTrue();
        assertThat(store().findByChallenge(stale.challengeId())).extracting(OutboxEntry::state, OutboxEntry::attempts)
                .containsExactly(tuple(OutboxState.SENT, 1));
    }

    @Test
    void claimWhenHandedEntriesThenClaimsExactlyThoseStillAtTheirClaimAndDue() {
        OutboxEntry handed = enqueueDueAt(clock.instant());
        OutboxEntry claimedElsewhere = enqueueDueAt(clock.instant());
        OutboxEntry notDue = enqueueDueAt(clock.instant().plusSeconds(60));
        OutboxEntry notHanded = enqueueDueAt(clock.instant());
        assertThat(store().claim(List.of(claimedElsewhere), clock.instant(), LEASE)).containsExactly(claimedElsewhere.claimed());

        assertThat(store().claim(List.of(handed, claimedElsewhere, notDue), clock.instant(), LEASE))
                .containsExactly(handed.claimed());

        assertThat(store().claim(List.of(handed), clock.instant(), LEASE)).as("leased now").isEmpty();
        assertThat(store().claimDue(clock.instant(), 10, LEASE)).containsExactly(notHanded.claimed());
        assertThat(store().markSent(handed.claimed(), 1, clock.instant())).isTrue();
        assertThat(store().claim(List.of(), clock.instant(), LEASE)).isEmpty();
    }

    @Test
    void markSentOfManyWhenOneWasClaimedAgainSinceThenOnlyTheOthersAreSent() {
        enqueueDueAt(clock.instant().minusSeconds(2));
        enqueueDueAt(clock.instant().minusSeconds(1));
        List<OutboxEntry> batch = store().claimDue(clock.instant(), 10, LEASE);
        OutboxEntry kept = batch.get(0);
        OutboxEntry lost = batch.get(1);
        // The second entry's lease passes and another worker claims it (the first was retried meanwhile).
        assertThat(store().scheduleRetry(kept, 1, clock.instant())).isTrue();
        OutboxEntry keptAgain = store().claimDue(clock.instant(), 1, LEASE).get(0);
        clock.advance(LEASE);
        OutboxEntry lostToOther = store().claimDue(clock.instant(), 1, LEASE).get(0);
        assertThat(lostToOther.id()).isEqualTo(lost.id());

        assertThat(store().markSent(List.of(keptAgain, lost), clock.instant())).containsExactly(kept.id());

        assertThat(store().findByChallenge(kept.challengeId())).extracting(OutboxEntry::state, OutboxEntry::attempts)
                .containsExactly(tuple(OutboxState.SENT, 2));
        assertThat(store().findByChallenge(lost.challengeId())).extracting(OutboxEntry::state, OutboxEntry::attempts)
                .containsExactly(tuple(OutboxState.PENDING, 0));
        assertThat(store().markSent(List.of(lostToOther), clock.instant())).containsExactly(lost.id());
        assertThat(store().markSent(List.of(lostToOther), clock.instant())).as("never twice").isEmpty();
        assertThat(store().markSent(List.of(), clock.instant())).isEmpty();
    }

    @Test
    void scheduleRetryWhenAlreadySentThenRefusedAndStaysSent() {
        enqueueDueAt(clock.instant());
        OutboxEntry claimed = store().claimDue(clock.instant(), 10, LEASE).get(0);
        assertThat(store().markSent(claimed, 1, clock.instant())).isTrue();

        assertThat(store().scheduleRetry(claimed, 2, clock.instant())).isFalse();
        assertThat(store().markAbandoned(claimed, 2, clock.instant())).isFalse();

        clock.advance(Duration.ofDays(1));
        assertThat(store().claimDue(clock.instant(), 10, LEASE)).isEmpty();
        assertThat(store().findByChallenge(claimed.challengeId())).extracting(OutboxEntry::state, OutboxEntry::attempts)
                .containsExactly(tuple(OutboxState.SENT, 1));
    }

    @Test
    void claimDueWhenTwoThreadsClaimUntilEmptyThenEveryEntryClaimedOnce() throws Exception {
        assertEveryEntryClaimedOnce(200, 10);
    }

    /** Enqueues {@code entries} due entries, then two threads claim in batches until none is left. */
    protected void assertEveryEntryClaimedOnce(int entries, int batchSize) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < entries; i++) {
            ids.add(enqueueDueAt(clock.instant().minusMillis(i)).id());
        }
        Collection<String> claimed = new ConcurrentLinkedQueue<>();

        Race.run(2, () -> {
            List<OutboxEntry> batch;
            do {
                batch = store().claimDue(clock.instant(), batchSize, Duration.ofHours(1));
                batch.forEach(e -> claimed.add(e.id()));
            } while (!batch.isEmpty());
            return batch;
        });

        assertThat(claimed).containsExactlyInAnyOrderElementsOf(ids);
    }

    /**
     * A clock with nanoseconds (a test's, or a JVM on a platform with a finer clock) wrote the
     * entry; databases keep microseconds, and rounding up would leave it forever "not yet due" when
     * compared with that same instant.
     */
    @Test
    void claimDueWhenDueInstantHasNanosecondsThenClaimedAtThatInstant() {
        Instant due = Instant.parse("2030-01-01T09:00:00.123456789Z");
        OutboxEntry entry = enqueueDueAt(due);
        assertThat(store().claimDue(due, 10, Duration.ofMinutes(1))).extracting(OutboxEntry::id).containsExactly(entry.id());
    }

    @Test
    void claimDueWhenWebhookCallQueuedThenReturnsItWithUrlAndBodyAndNoChallenge() {
        OutboxEntry message = enqueueDueAt(clock.instant().minusSeconds(1));
        OutboxEntry call = OutboxEntry.webhook("msg_call-1", new OutboxEntry.WebhookCall(
                URI.create("https://hooks.example.com/latchkey?key=a%20b"),
                "{\"id\":\"msg_call-1\",\"data\":{\"user_agent\":\"Fülle \\\"quoted\\\" ✓\"}}"), clock.instant());
        store().enqueue(call);

        assertThat(store().claimDue(clock.instant(), 10, LEASE)).containsExactly(message.claimed(), call.claimed());
        assertThat(call.challengeId()).isNull();
        assertThat(call.recipient()).isNull();
    }

    @Test
    void markSentOfWebhookCallWhenAnotherWorkerClaimedSinceThenRefusedAndRetriesKeepItsBody() {
        OutboxEntry call = OutboxEntry.webhook("msg_call-2", new OutboxEntry.WebhookCall(
                URI.create("https://hooks.example.com/latchkey"), "{\"id\":\"msg_call-2\"}"), clock.instant());
        store().enqueue(call);
        OutboxEntry first = store().claimDue(clock.instant(), 10, LEASE).get(0);
        assertThat(store().scheduleRetry(first, 1, clock.instant().plusSeconds(5))).isTrue();
        clock.advance(Duration.ofSeconds(5));
        OutboxEntry stale = store().claimDue(clock.instant(), 10, LEASE).get(0);
        clock.advance(LEASE);
        OutboxEntry current = store().claimDue(clock.instant(), 10, LEASE).get(0);

        assertThat(current).isEqualTo(new OutboxEntry(call.id(), null, null, call.requester(), call.requestedAt(),
                OutboxKind.WEBHOOK, OutboxState.PENDING, 1, call.requestedAt().plusSeconds(5), 3, call.webhook()));
        assertThat(store().markSent(stale, 2, clock.instant())).isFalse();
        assertThat(store().scheduleRetry(stale, 2, clock.instant())).isFalse();
        assertThat(store().markSent(current, 2, clock.instant())).isTrue();
        clock.advance(LEASE);
        assertThat(store().claimDue(clock.instant(), 10, LEASE)).isEmpty();
    }

    @Test
    void purgeWebhookCallsWhenDoneBeforeTheCutOffThenOnlyThoseGoOldestFirstInBatches() {
        OutboxEntry message = enqueueDueAt(clock.instant());
        List<OutboxEntry> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            OutboxEntry call = OutboxEntry.webhook("msg_purge-" + i, new OutboxEntry.WebhookCall(
                    URI.create("https://hooks.example.com/latchkey"), "{}"), clock.instant().plusSeconds(i));
            store().enqueue(call);
            calls.add(call);
        }
        clock.advance(Duration.ofSeconds(10));
        List<OutboxEntry> claimed = store().claimDue(clock.instant(), 10, LEASE);
        for (OutboxEntry entry : claimed) {
            if (!entry.id().equals("msg_purge-3")) {
                store().markSent(entry, 1, clock.instant());
            }
        }

        Instant cutOff = calls.get(3).requestedAt().plusSeconds(1);
        assertThat(store().purgeWebhookCalls(cutOff, 2)).isEqualTo(2);
        assertThat(store().purgeWebhookCalls(cutOff, 2)).as("msg_purge-3 is still pending").isEqualTo(1);
        assertThat(store().purgeWebhookCalls(cutOff, 2)).isZero();

        clock.advance(LEASE);
        assertThat(store().claimDue(clock.instant(), 10, LEASE)).extracting(OutboxEntry::id)
                .containsExactly("msg_purge-3");
        assertThat(store().findByChallenge(message.challengeId())).extracting(OutboxEntry::state)
                .containsExactly(OutboxState.SENT);
    }

    private OutboxEntry enqueueDueAt(Instant due) {
        Challenge challenge = challenge();
        OutboxEntry entry = new OutboxEntry(UUID.randomUUID().toString(), challenge.id(),
                challenge.identifier(), challenge.requester(), due, OutboxKind.MESSAGE, OutboxState.PENDING, 0, due, 0);
        store().enqueue(entry);
        return entry;
    }

    private Challenge challenge() {
        Challenge challenge = pending(ALICE, clock.instant(), Duration.ofMinutes(10));
        challenges().insert(challenge);
        return challenge;
    }
}
