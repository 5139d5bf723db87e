package dev.latchkey.core.spi;

import static dev.latchkey.core.spi.Challenges.ALICE;
import static dev.latchkey.core.spi.Challenges.BOB;
import static dev.latchkey.core.spi.Challenges.pending;
import static dev.latchkey.core.spi.Challenges.randomDigest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.challenge.ChallengeState;
import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.challenge.RequestId;
import dev.latchkey.core.challenge.RequesterContext;
import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.testing.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What every {@link ChallengeStore} does, stated once; each store's test class extends this. */
public abstract class ChallengeStoreContract {
    protected static final Duration TTL = Duration.ofMinutes(10);
    private static final SecureRandom RANDOM = new SecureRandom();

    protected final MutableClock clock = MutableClock.at("2030-01-01T09:00:00Z");

    protected abstract ChallengeStore store();

    /** The outbox whose entries {@link ChallengeStore#purgeExpired} removes with their challenges. */
    protected abstract OutboxStore outbox();

    @Test
    void findByIdWhenInsertedThenReturnsEveryField() {
        Challenge challenge = new Challenge(new RequestId("AAAAAAAAAAAAAAAAAAAAAA"), Purpose.CHANGE_EMAIL, ALICE,
                new UserId("0190a5c4-1234-7abc-8def-0123456789ab"), randomDigest(), randomDigest(), randomDigest(),
                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "/account?tab=email",
                new RequesterContext("2001:db8::1", "Mozilla/5.0 (X11; Linux x86_64)"), clock.instant(),
                clock.instant().plus(TTL), 2, 1, 3, ChallengeState.PENDING, Locale.forLanguageTag("de-CH"));

        store().insert(challenge);

        assertThat(store().findById(challenge.id())).contains(challenge);
    }

    @Test
    void findByIdWhenOptionalFieldsAreNullThenReturnsNulls() {
        Challenge challenge = new Challenge(new RequestId("EEEEEEEEEEEEEEEEEEEEEE"), Purpose.LOGIN, BOB,
                null, null, null, null, null, null, new RequesterContext("198.51.100.2", null), clock.instant(),
                clock.instant().plus(TTL), 0, 0, 1, ChallengeState.DENIED, Locale.ENGLISH);

        store().insert(challenge);

        assertThat(store().findById(challenge.id())).contains(challenge);
    }

    @Test
    void findByIdWhenMissingThenEmpty() {
        assertThat(store().findById(new RequestId("BBBBBBBBBBBBBBBBBBBBBB"))).isEmpty();
    }

    @Test
    void findByLinkDigestWhenSecondCandidateMatchesThenReturnsIt() {
        Digest link = randomDigest();
        Challenge challenge = pending(ALICE, clock.instant(), TTL).withSecrets(link, randomDigest());
        store().insert(challenge);
        store().insert(pending(ALICE, clock.instant(), TTL).withSecrets(randomDigest(), null));

        assertThat(store().findByLinkDigest(List.of(randomDigest(), link))).contains(challenge);
    }

    @Test
    void findByLinkDigestWhenNoCandidateMatchesThenEmpty() {
        store().insert(pending(ALICE, clock.instant(), TTL).withSecrets(randomDigest(), null));

        assertThat(store().findByLinkDigest(List.of(randomDigest(), randomDigest()))).isEmpty();
    }

    @Test
    void findByLinkDigestWhenNotPendingThenStillFound() {
        Digest link = randomDigest();
        Challenge challenge = pending(ALICE, clock.instant(), TTL).withSecrets(link, null);
        store().insert(challenge);
        store().finish(challenge.id(), ChallengeState.DENIED);

        assertThat(store().findByLinkDigest(List.of(link))).map(Challenge::state).contains(ChallengeState.DENIED);
    }

    @Test
    void findNewestPendingWhenSeveralThenPicksNewestPendingUnexpiredOfThatIdentifierAndPurpose() {
        Challenge older = pending(ALICE, clock.instant(), TTL);
        clock.advance(Duration.ofMinutes(1));
        Challenge newest = pending(ALICE, clock.instant(), TTL);
        clock.advance(Duration.ofMinutes(1));
        Challenge revoked = pending(ALICE, clock.instant(), TTL);
        Challenge otherPurpose = pending(ALICE, Purpose.CHANGE_EMAIL, clock.instant(), TTL, 1);
        Challenge otherIdentifier = pending(BOB, clock.instant(), TTL);
        Challenge expired = pending(ALICE, clock.instant(), Duration.ofMinutes(1));
        for (Challenge c : List.of(older, newest, revoked, otherPurpose, otherIdentifier, expired)) {
            store().insert(c);
        }
        store().finish(revoked.id(), ChallengeState.REVOKED);
        clock.advance(Duration.ofMinutes(2));

        assertThat(store().findNewestPending(ALICE, Purpose.LOGIN, clock.instant())).contains(newest);
    }

    @Test
    void findNewestPendingWhenAllExpiredThenEmpty() {
        store().insert(pending(ALICE, clock.instant(), TTL));
        clock.advance(TTL);

        assertThat(store().findNewestPending(ALICE, Purpose.LOGIN, clock.instant())).isEmpty();
    }

    @Test
    void storeSecretsWhenPendingThenReplacesDigests() {
        Digest oldLink = randomDigest();
        Challenge challenge = pending(ALICE, clock.instant(), TTL).withSecrets(oldLink, randomDigest());
        store().insert(challenge);
        Digest link = randomDigest();
        Digest code = randomDigest();

        assertThat(store().storeSecrets(challenge.id(), oldLink, link, code)).isTrue();

        assertThat(store().findById(challenge.id())).contains(challenge.withSecrets(link, code));
        assertThat(store().findByLinkDigest(List.of(link))).map(Challenge::id).contains(challenge.id());
        assertThat(store().findByLinkDigest(List.of(oldLink))).isEmpty();
    }

    @Test
    void storeSecretsWhenNullsThenClearsDigests() {
        Digest link = randomDigest();
        Challenge challenge = pending(ALICE, clock.instant(), TTL).withSecrets(link, randomDigest());
        store().insert(challenge);

        assertThat(store().storeSecrets(challenge.id(), link, null, null)).isTrue();

        assertThat(store().findById(challenge.id())).contains(challenge.withSecrets(null, null));
        assertThat(store().findByLinkDigest(List.of(link))).isEmpty();
    }

    @Test
    void storeSecretsWhenNotPendingThenFalseAndUnchanged() {
        Challenge challenge = pending(ALICE, clock.instant(), TTL).withSecrets(randomDigest(), randomDigest());
        store().insert(challenge);
        store().finish(challenge.id(), ChallengeState.REVOKED);

        assertThat(store().storeSecrets(challenge.id(), challenge.linkDigest(), randomDigest(), randomDigest())).isFalse();

        assertThat(store().findById(challenge.id())).contains(challenge.withState(ChallengeState.REVOKED));
    }

    @Test
    void storeSecretsWhenMissingThenFalse() {
        assertThat(store().storeSecrets(new RequestId("CCCCCCCCCCCCCCCCCCCCCC"), null, randomDigest(), null)).isFalse();
    }

    @Test
    void storeSecretsWhenReplacedSinceReadThenFalseAndUnchanged() {
        Challenge challenge = pending(ALICE, clock.instant(), TTL);
        store().insert(challenge);
        Digest stale = randomDigest();
        Digest delivered = randomDigest();
        Digest deliveredCode = randomDigest();
        assertThat(store().storeSecrets(challenge.id(), null, stale, randomDigest())).isTrue();
        assertThat(store().storeSecrets(challenge.id(), stale, delivered, deliveredCode)).isTrue();

        assertThat(store().storeSecrets(challenge.id(), null, randomDigest(), randomDigest())).isFalse();
        assertThat(store().storeSecrets(challenge.id(), stale, null, null)).isFalse();

        assertThat(store().findById(challenge.id())).contains(challenge.withSecrets(delivered, deliveredCode));
    }

    @Test
    void storeSecretsOfManyWhenEachFencedByItsExpectedLinkThenOnlyTheUnchangedAreReplaced() {
        Digest storedLink = randomDigest();
        Challenge fresh = pending(ALICE, clock.instant(), TTL);
        Challenge retried = pending(BOB, clock.instant(), TTL).withSecrets(storedLink, randomDigest());
        Challenge replaced = pending(ALICE, clock.instant(), TTL);
        Challenge revoked = pending(BOB, clock.instant(), TTL);
        List.of(fresh, retried, replaced, revoked).forEach(store()::insert);
        Digest delivered = randomDigest();
        Digest deliveredCode = randomDigest();
        assertThat(store().storeSecrets(replaced.id(), null, delivered, deliveredCode)).isTrue();
        store().finish(revoked.id(), ChallengeState.REVOKED);
        Digest freshLink = randomDigest();
        Digest freshCode = randomDigest();
        Digest retriedLink = randomDigest();
        Digest retriedCode = randomDigest();

        Set<RequestId> stored = store().storeSecrets(List.of(
                new ChallengeStore.Secrets(fresh.id(), null, freshLink, freshCode),
                new ChallengeStore.Secrets(retried.id(), storedLink, retriedLink, retriedCode),
                new ChallengeStore.Secrets(replaced.id(), null, randomDigest(), randomDigest()),
                new ChallengeStore.Secrets(revoked.id(), null, randomDigest(), randomDigest()),
                new ChallengeStore.Secrets(new RequestId("CCCCCCCCCCCCCCCCCCCCCC"), null, randomDigest(), null)));

        assertThat(stored).containsExactlyInAnyOrder(fresh.id(), retried.id());
        assertThat(store().findById(fresh.id())).contains(fresh.withSecrets(freshLink, freshCode));
        assertThat(store().findById(retried.id())).contains(retried.withSecrets(retriedLink, retriedCode));
        assertThat(store().findById(replaced.id())).contains(replaced.withSecrets(delivered, deliveredCode));
        assertThat(store().findById(revoked.id())).contains(revoked.withState(ChallengeState.REVOKED));
        assertThat(store().storeSecrets(List.of())).isEmpty();
    }

    @Test
    void storeSecretsOfManyWhenClearingThenOnlyTheSecretsStillExpectedAreWiped() {
        Digest mine = randomDigest();
        Digest theirs = randomDigest();
        Challenge failed = pending(ALICE, clock.instant(), TTL).withSecrets(mine, randomDigest());
        Challenge deliveredSince = pending(BOB, clock.instant(), TTL).withSecrets(theirs, randomDigest());
        store().insert(failed);
        store().insert(deliveredSince);

        assertThat(store().storeSecrets(List.of(new ChallengeStore.Secrets(failed.id(), mine, null, null),
                new ChallengeStore.Secrets(deliveredSince.id(), mine, null, null)))).containsExactly(failed.id());

        assertThat(store().findById(failed.id())).contains(failed.withSecrets(null, null));
        assertThat(store().findById(deliveredSince.id())).contains(deliveredSince);
    }

    @Test
    void findAllByIdWhenSomeExistThenReturnsThoseById() {
        Challenge first = pending(ALICE, clock.instant(), TTL);
        Challenge second = pending(BOB, clock.instant(), TTL);
        store().insert(first);
        store().insert(second);

        assertThat(store().findAllById(List.of(first.id(), second.id(), new RequestId("CCCCCCCCCCCCCCCCCCCCCC"))))
                .containsOnly(Map.entry(first.id(), first), Map.entry(second.id(), second));
        assertThat(store().findAllById(List.of())).isEmpty();
    }

    @Test
    void countAttemptWhenBelowMaxThenIncrementsUntilMaxThenEmpty() {
        Challenge challenge = pending(ALICE, clock.instant(), TTL);
        store().insert(challenge);

        List<OptionalInt> counts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            counts.add(store().countAttempt(challenge.id(), 3, clock.instant()));
        }

        assertThat(counts).containsExactly(OptionalInt.of(1), OptionalInt.of(2), OptionalInt.of(3), OptionalInt.empty());
        assertThat(store().findById(challenge.id())).map(Challenge::attempts).contains(3);
    }

    @Test
    void countAttemptWhenExpiredThenEmpty() {
        Challenge challenge = pending(ALICE, clock.instant(), TTL);
        store().insert(challenge);
        clock.advance(TTL);

        assertThat(store().countAttempt(challenge.id(), 5, clock.instant())).isEmpty();
        assertThat(store().findById(challenge.id())).map(Challenge::attempts).contains(0);
    }

    @Test
    void countAttemptWhenNotPendingThenEmpty() {
        Challenge challenge = pending(ALICE, clock.instant(), TTL);
        store().insert(challenge);
        store().finish(challenge.id(), ChallengeState.DENIED);

        assertThat(store().countAttempt(challenge.id(), 5, clock.instant())).isEmpty();
    }

    @Test
    void countAttemptWhenMissingThenEmpty() {
        assertThat(store().countAttempt(new RequestId("DDDDDDDDDDDDDDDDDDDDDD"), 5, clock.instant())).isEmpty();
    }

    @Test
    void countAttemptWhenFiftyThreadsRaceThenExactlyMaxAttemptsCounted() throws Exception {
        Challenge challenge = pending(ALICE, clock.instant(), TTL);
        store().insert(challenge);

        List<OptionalInt> results = Race.run(50, () -> store().countAttempt(challenge.id(), 5, clock.instant()));

        assertThat(results.stream().filter(OptionalInt::isPresent).map(OptionalInt::getAsInt))
                .containsExactlyInAnyOrder(1, 2, 3, 4, 5);
        assertThat(store().findById(challenge.id())).map(Challenge::attempts).contains(5);
    }

    @Test
    void spendUseWhenMaxUsesOneThenTrueOnceThenFalse() {
        Challenge challenge = pending(ALICE, clock.instant(), TTL);
        store().insert(challenge);

        assertThat(store().spendUse(challenge.id(), clock.instant())).isTrue();
        assertThat(store().spendUse(challenge.id(), clock.instant())).isFalse();

        assertThat(store().findById(challenge.id())).contains(challenge.withUseSpent());
        assertThat(store().findById(challenge.id())).map(Challenge::state).contains(ChallengeState.CONSUMED);
    }

    @Test
    void spendUseWhenMaxUsesTwoThenTwiceThenConsumed() {
        Challenge challenge = pending(ALICE, Purpose.LOGIN, clock.instant(), TTL, 2);
        store().insert(challenge);

        assertThat(store().spendUse(challenge.id(), clock.instant())).isTrue();
        assertThat(store().findById(challenge.id())).map(Challenge::state).contains(ChallengeState.PENDING);
        assertThat(store().spendUse(challenge.id(), clock.instant())).isTrue();
        assertThat(store().spendUse(challenge.id(), clock.instant())).isFalse();

        assertThat(store().findById(challenge.id())).map(c -> c.uses() + "/" + c.state()).contains("2/CONSUMED");
    }

    @Test
    void spendUseWhenExpiredThenFalse() {
        Challenge challenge = pending(ALICE, clock.instant(), TTL);
        store().insert(challenge);
        clock.advance(TTL);

        assertThat(store().spendUse(challenge.id(), clock.instant())).isFalse();
        assertThat(store().findById(challenge.id())).contains(challenge);
    }

    @Test
    void spendUseWhenNotPendingThenFalse() {
        Challenge challenge = pending(ALICE, clock.instant(), TTL);
        store().insert(challenge);
        store().finish(challenge.id(), ChallengeState.EXHAUSTED);

        assertThat(store().spendUse(challenge.id(), clock.instant())).isFalse();
    }

    @Test
    void spendUseWhenFiftyThreadsRaceThenExactlyOneWins() throws Exception {
        Challenge challenge = pending(ALICE, clock.instant(), TTL);
        store().insert(challenge);

        List<Boolean> results = Race.run(50, () -> store().spendUse(challenge.id(), clock.instant()));

        assertThat(results).containsOnlyOnce(true).hasSize(50);
        assertThat(store().findById(challenge.id())).map(Challenge::uses).contains(1);
    }

    @Test
    void finishWhenPendingThenChangesState() {
        Challenge challenge = pending(ALICE, clock.instant(), TTL);
        store().insert(challenge);

        assertThat(store().finish(challenge.id(), ChallengeState.EXHAUSTED)).isTrue();

        assertThat(store().findById(challenge.id())).contains(challenge.withState(ChallengeState.EXHAUSTED));
    }

    @Test
    void finishWhenNotPendingThenFalseAndUnchanged() {
        Challenge challenge = pending(ALICE, clock.instant(), TTL);
        store().insert(challenge);
        store().spendUse(challenge.id(), clock.instant());

        assertThat(store().finish(challenge.id(), ChallengeState.DENIED)).isFalse();

        assertThat(store().findById(challenge.id())).map(Challenge::state).contains(ChallengeState.CONSUMED);
    }

    @Test
    void revokePendingWhenCalledThenRevokesOnlyOtherPendingOfThatIdentifierAndPurpose() {
        Challenge keep = pending(ALICE, clock.instant(), TTL);
        Challenge first = pending(ALICE, clock.instant(), TTL);
        Challenge second = pending(ALICE, clock.instant(), TTL);
        Challenge consumed = pending(ALICE, clock.instant(), TTL);
        Challenge otherPurpose = pending(ALICE, Purpose.CHANGE_EMAIL, clock.instant(), TTL, 1);
        Challenge otherIdentifier = pending(BOB, clock.instant(), TTL);
        for (Challenge c : List.of(keep, first, second, consumed, otherPurpose, otherIdentifier)) {
            store().insert(c);
        }
        store().spendUse(consumed.id(), clock.instant());

        assertThat(store().revokePending(ALICE, Purpose.LOGIN, null, keep.id())).isEqualTo(2);

        assertThat(stateOf(keep)).isEqualTo(ChallengeState.PENDING);
        assertThat(stateOf(first)).isEqualTo(ChallengeState.REVOKED);
        assertThat(stateOf(second)).isEqualTo(ChallengeState.REVOKED);
        assertThat(stateOf(consumed)).isEqualTo(ChallengeState.CONSUMED);
        assertThat(stateOf(otherPurpose)).isEqualTo(ChallengeState.PENDING);
        assertThat(stateOf(otherIdentifier)).isEqualTo(ChallengeState.PENDING);
    }

    @Test
    void revokePendingWhenKeepIsNullThenRevokesEveryPending() {
        Challenge first = pending(ALICE, clock.instant(), TTL);
        Challenge second = pending(ALICE, clock.instant(), TTL);
        store().insert(first);
        store().insert(second);

        assertThat(store().revokePending(ALICE, Purpose.LOGIN, null, null)).isEqualTo(2);

        assertThat(stateOf(first)).isEqualTo(ChallengeState.REVOKED);
        assertThat(stateOf(second)).isEqualTo(ChallengeState.REVOKED);
    }

    @Test
    void revokePendingWhenUserIsGivenThenRevokesOnlyThatUsersChallenges() {
        UserId ada = new UserId("0190a5c4-1234-7abc-8def-0123456789ab");
        UserId bob = new UserId("0190a5c4-5678-7abc-8def-0123456789ab");
        Challenge adaKeep = changeTo(ALICE, ada);
        Challenge adaOlder = changeTo(ALICE, ada);
        Challenge bobs = changeTo(ALICE, bob);
        for (Challenge c : List.of(adaKeep, adaOlder, bobs)) {
            store().insert(c);
        }

        assertThat(store().revokePending(ALICE, Purpose.CHANGE_EMAIL, ada, adaKeep.id())).isEqualTo(1);

        assertThat(stateOf(adaKeep)).isEqualTo(ChallengeState.PENDING);
        assertThat(stateOf(adaOlder)).isEqualTo(ChallengeState.REVOKED);
        assertThat(stateOf(bobs)).as("another user's change to the same address").isEqualTo(ChallengeState.PENDING);
    }

    @Test
    void purgeExpiredWhenMoreThanBatchSizeThenDeletesInBatchesWithOutboxEntries() {
        List<Challenge> expired = IntStream.range(0, 25)
                .mapToObj(i -> pending(ALICE, clock.instant().minusSeconds(i), TTL)).toList();
        List<Challenge> live = IntStream.range(0, 3)
                .mapToObj(i -> pending(BOB, clock.instant(), TTL.plusSeconds(1))).toList();
        for (Challenge c : expired) {
            store().insert(c);
            outbox().enqueue(Challenges.entryFor(c, clock.instant()));
        }
        for (Challenge c : live) {
            store().insert(c);
            outbox().enqueue(Challenges.entryFor(c, clock.instant()));
        }
        clock.advance(TTL);

        List<Integer> batches = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            batches.add(store().purgeExpired(clock.instant(), 10));
        }

        assertThat(batches).containsExactly(10, 10, 5, 0);
        assertThat(expired).allSatisfy(c -> {
            assertThat(store().findById(c.id())).isEmpty();
            assertThat(outbox().findByChallenge(c.id())).isEmpty();
        });
        assertThat(live).allSatisfy(c -> {
            assertThat(store().findById(c.id())).isPresent();
            assertThat(outbox().findByChallenge(c.id())).hasSize(1);
        });
    }

    /** A pending change of {@code user}'s address to {@code identifier}. */
    private Challenge changeTo(EmailAddress identifier, UserId user) {
        return new Challenge(RequestId.generate(RANDOM), Purpose.CHANGE_EMAIL, identifier, user, null, null,
                null, null, null, new RequesterContext("203.0.113.7", "Mozilla/5.0"), clock.instant(),
                clock.instant().plus(TTL), 0, 0, 1, ChallengeState.PENDING, Locale.ENGLISH);
    }

    private ChallengeState stateOf(Challenge challenge) {
        return store().findById(challenge.id()).orElseThrow().state();
    }

    @Test
    void deleteAllWhenUsersOrAddressesChallengesThenDeletesThemWithOutboxEntriesOnly() {
        UserId erased = new UserId("user-erased");
        Challenge byUser = new Challenge(RequestId.generate(RANDOM), Purpose.CHANGE_EMAIL,
                new EmailAddress("new@example.com"), erased, null, null, null, null, null,
                new RequesterContext("203.0.113.7", null), clock.instant(), clock.instant().plus(TTL), 0, 0, 1,
                ChallengeState.CONSUMED, Locale.ENGLISH);
        Challenge byAddress = pending(ALICE, clock.instant(), TTL);
        Challenge other = pending(BOB, clock.instant(), TTL);
        for (Challenge c : List.of(byUser, byAddress, other)) {
            store().insert(c);
            outbox().enqueue(Challenges.entryFor(c, clock.instant()));
        }

        assertThat(store().deleteAll(erased, List.of(ALICE))).isEqualTo(2);

        assertThat(store().findById(byUser.id())).isEmpty();
        assertThat(store().findById(byAddress.id())).isEmpty();
        assertThat(outbox().findByChallenge(byUser.id())).isEmpty();
        assertThat(outbox().findByChallenge(byAddress.id())).isEmpty();
        assertThat(store().findById(other.id())).isPresent();
        assertThat(outbox().findByChallenge(other.id())).hasSize(1);
    }

    @Test
    void deleteAllWhenNoAddressesThenDeletesTheUsersOnly() {
        Challenge anonymous = pending(ALICE, clock.instant(), TTL);
        store().insert(anonymous);

        assertThat(store().deleteAll(new UserId("user-erased"), List.of())).isZero();
        assertThat(store().findById(anonymous.id())).isPresent();
    }
}
