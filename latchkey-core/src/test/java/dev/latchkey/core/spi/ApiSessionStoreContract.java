package dev.latchkey.core.spi;

import static dev.latchkey.core.spi.Challenges.randomDigest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.challenge.AuthMethod;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.session.ApiSession;
import dev.latchkey.core.session.RefreshToken;
import dev.latchkey.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What every {@link ApiSessionStore} does, stated once; each store's test class extends this. */
public abstract class ApiSessionStoreContract {
    protected static final Duration TTL = Duration.ofDays(30);
    private static final UserId ALICE = new UserId("0190a5c4-1234-7abc-8def-0123456789ab");
    private static final UserId BOB = new UserId("0190a5c4-5678-7abc-8def-0123456789cd");

    protected final MutableClock clock = MutableClock.at("2030-01-01T09:00:00Z");

    protected abstract ApiSessionStore store();

    @Test
    void findSessionWhenCreatedActiveThenReturnsEveryFieldAndItsToken() {
        ApiSession session = new ApiSession("sid-active", ALICE, AuthMethod.CODE, clock.instant(), null);
        RefreshToken first = new RefreshToken(randomDigest(), session.id(), clock.instant(),
                clock.instant().plus(TTL), null);

        store().create(session, first);

        assertThat(store().findSession(session.id())).contains(session);
        assertThat(store().findRefreshToken(List.of(first.digest()))).contains(first);
    }

    @Test
    void findSessionWhenCreatedWithEveryTimeSetThenReturnsThemAll() {
        Instant created = clock.instant().minus(Duration.ofHours(2));
        ApiSession session = new ApiSession("sid-ended", BOB, AuthMethod.LINK, created,
                clock.instant().plusNanos(123_000));
        RefreshToken first = new RefreshToken(randomDigest(), session.id(), created, created.plus(TTL),
                created.plusSeconds(90));

        store().create(session, first);

        assertThat(store().findSession(session.id())).contains(session);
        assertThat(store().findRefreshToken(List.of(first.digest()))).contains(first);
    }

    @Test
    void findSessionWhenMissingThenEmpty() {
        assertThat(store().findSession("no-such-session")).isEmpty();
    }

    @Test
    void createWhenTokenBelongsToAnotherSessionThenThrowsAndStoresNothing() {
        ApiSession session = session(ALICE);
        RefreshToken foreign = new RefreshToken(randomDigest(), "another-session", clock.instant(),
                clock.instant().plus(TTL), null);

        assertThatThrownBy(() -> store().create(session, foreign)).isInstanceOf(IllegalArgumentException.class);

        assertThat(store().findSession(session.id())).isEmpty();
        assertThat(store().findRefreshToken(List.of(foreign.digest()))).isEmpty();
    }

    @Test
    void findRefreshTokenWhenSecondCandidateMatchesThenReturnsIt() {
        RefreshToken wanted = started(ALICE);
        started(ALICE);

        assertThat(store().findRefreshToken(List.of(randomDigest(), wanted.digest()))).contains(wanted);
    }

    @Test
    void findRefreshTokenWhenNoCandidateMatchesThenEmpty() {
        started(ALICE);

        assertThat(store().findRefreshToken(List.of(randomDigest(), randomDigest()))).isEmpty();
        assertThat(store().findRefreshToken(List.of())).isEmpty();
    }

    @Test
    void rotateWhenUnusedThenTrueOnceThenFalse() {
        RefreshToken used = started(ALICE);
        RefreshToken next = successor(used);
        RefreshToken other = successor(used);

        assertThat(store().rotate(used.digest(), next, clock.instant())).isTrue();
        assertThat(store().rotate(used.digest(), other, clock.instant())).isFalse();

        assertThat(store().findRefreshToken(List.of(other.digest()))).isEmpty();
    }

    @Test
    void rotateWhenSucceededThenUsedIsMarkedAndNextIsFindable() {
        RefreshToken used = started(ALICE);
        clock.advance(Duration.ofMinutes(15));
        RefreshToken next = successor(used);

        store().rotate(used.digest(), next, clock.instant());

        assertThat(store().findRefreshToken(List.of(used.digest()))).map(RefreshToken::rotatedAt)
                .contains(clock.instant());
        assertThat(store().findRefreshToken(List.of(next.digest()))).contains(next);
        assertThat(store().rotate(next.digest(), successor(next), clock.instant())).isTrue();
    }

    @Test
    void rotateWhenAlreadyRotatedThenFalseAndKeepsFirstRotation() {
        RefreshToken used = started(ALICE);
        store().rotate(used.digest(), successor(used), clock.instant());
        Instant firstRotation = clock.instant();
        clock.advance(Duration.ofHours(1));

        assertThat(store().rotate(used.digest(), successor(used), clock.instant())).isFalse();

        assertThat(store().findRefreshToken(List.of(used.digest()))).map(RefreshToken::rotatedAt)
                .contains(firstRotation);
    }

    @Test
    void rotateWhenExpiredThenFalseAndUnchanged() {
        RefreshToken used = started(ALICE);
        clock.advance(TTL);
        RefreshToken next = successor(used);

        assertThat(store().rotate(used.digest(), next, clock.instant())).isFalse();

        assertThat(store().findRefreshToken(List.of(used.digest()))).contains(used);
        assertThat(store().findRefreshToken(List.of(next.digest()))).isEmpty();
    }

    @Test
    void rotateWhenSessionRevokedThenFalseAndUnchanged() {
        RefreshToken used = started(ALICE);
        store().revoke(used.sessionId(), clock.instant());
        RefreshToken next = successor(used);

        assertThat(store().rotate(used.digest(), next, clock.instant())).isFalse();

        assertThat(store().findRefreshToken(List.of(used.digest()))).contains(used);
        assertThat(store().findRefreshToken(List.of(next.digest()))).isEmpty();
    }

    @Test
    void rotateWhenNextBelongsToAnotherSessionThenFalseAndUnchanged() {
        RefreshToken used = started(ALICE);
        RefreshToken foreign = successor(started(ALICE));

        assertThat(store().rotate(used.digest(), foreign, clock.instant())).isFalse();

        assertThat(store().findRefreshToken(List.of(used.digest()))).contains(used);
        assertThat(store().findRefreshToken(List.of(foreign.digest()))).isEmpty();
    }

    @Test
    void rotateWhenMissingThenFalse() {
        RefreshToken used = started(ALICE);

        assertThat(store().rotate(randomDigest(), successor(used), clock.instant())).isFalse();
    }

    @Test
    void rotateWhenFiftyThreadsRaceThenExactlyOneWinsAndOneSuccessorIsStored() throws Exception {
        RefreshToken used = started(ALICE);
        List<RefreshToken> successors = IntStream.range(0, 50).mapToObj(i -> successor(used)).toList();
        AtomicInteger tickets = new AtomicInteger();

        List<Boolean> results = Race.run(50,
                () -> store().rotate(used.digest(), successors.get(tickets.getAndIncrement()), clock.instant()));

        assertThat(results).hasSize(50).containsOnlyOnce(true);
        assertThat(successors).filteredOn(next -> store().findRefreshToken(List.of(next.digest())).isPresent())
                .hasSize(1);
    }

    @Test
    void revokeWhenActiveThenTrueOnceAndSessionHasRevokedAt() {
        ApiSession session = created(ALICE);
        clock.advance(Duration.ofMinutes(5));
        Instant revokedAt = clock.instant();

        assertThat(store().revoke(session.id(), revokedAt)).isTrue();
        clock.advance(Duration.ofMinutes(5));
        assertThat(store().revoke(session.id(), clock.instant())).isFalse();

        assertThat(store().findSession(session.id())).map(ApiSession::revokedAt).contains(revokedAt);
    }

    @Test
    void revokeWhenMissingThenFalse() {
        assertThat(store().revoke("no-such-session", clock.instant())).isFalse();
    }

    @Test
    void revokeAllWhenKeepGivenThenRevokesOnlyThatUsersOtherActiveSessions() {
        ApiSession keep = created(ALICE);
        ApiSession first = created(ALICE);
        ApiSession second = created(ALICE);
        ApiSession ended = created(ALICE);
        ApiSession bobs = created(BOB);
        Instant endedAt = clock.instant();
        store().revoke(ended.id(), endedAt);
        clock.advance(Duration.ofMinutes(1));

        assertThat(store().revokeAll(ALICE, keep.id(), clock.instant())).isEqualTo(2);

        assertThat(revokedAt(keep)).isNull();
        assertThat(revokedAt(first)).isEqualTo(clock.instant());
        assertThat(revokedAt(second)).isEqualTo(clock.instant());
        assertThat(revokedAt(ended)).isEqualTo(endedAt);
        assertThat(revokedAt(bobs)).isNull();
    }

    @Test
    void revokeAllWhenKeepIsNullThenRevokesEveryActiveSessionOfThatUserOnce() {
        ApiSession first = created(ALICE);
        ApiSession second = created(ALICE);
        ApiSession bobs = created(BOB);

        assertThat(store().revokeAll(ALICE, null, clock.instant())).isEqualTo(2);
        assertThat(store().revokeAll(ALICE, null, clock.instant())).isZero();

        assertThat(revokedAt(first)).isEqualTo(clock.instant());
        assertThat(revokedAt(second)).isEqualTo(clock.instant());
        assertThat(revokedAt(bobs)).isNull();
    }

    @Test
    void purgeExpiredWhenMoreThanBatchSizeThenDeletesInBatchesAndKeepsLiveTokensAndSessions() {
        List<RefreshToken> expired = IntStream.range(0, 25)
                .mapToObj(i -> startedAt(clock.instant().minusSeconds(i), TTL)).toList();
        List<RefreshToken> live = IntStream.range(0, 3)
                .mapToObj(i -> startedAt(clock.instant(), TTL.plusSeconds(1))).toList();
        clock.advance(TTL);

        List<Integer> batches = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            batches.add(store().purgeExpired(clock.instant(), 10));
        }

        assertThat(batches).containsExactly(10, 10, 5, 0);
        assertThat(expired).allSatisfy(t -> {
            assertThat(store().findRefreshToken(List.of(t.digest()))).isEmpty();
            assertThat(store().findSession(t.sessionId())).isPresent();
        });
        assertThat(live).allSatisfy(t -> assertThat(store().findRefreshToken(List.of(t.digest()))).contains(t));
    }

    @Test
    void purgeEndedWhenSessionsAreRevokedOrTokenlessThenDeletesOnlyThose() {
        RefreshToken revokedToken = startedAt(clock.instant(), TTL);
        store().revoke(revokedToken.sessionId(), clock.instant());
        RefreshToken tokenless = startedAt(clock.instant(), Duration.ofMinutes(1));
        RefreshToken live = startedAt(clock.instant(), TTL);
        clock.advance(Duration.ofMinutes(2));
        store().purgeExpired(clock.instant(), 100);
        RefreshToken young = startedAt(clock.instant(), Duration.ofMinutes(1));
        store().revoke(young.sessionId(), clock.instant());

        assertThat(store().purgeEnded(clock.instant().minusSeconds(1), 100)).isEqualTo(2);

        assertThat(store().findSession(revokedToken.sessionId())).isEmpty();
        assertThat(store().findRefreshToken(List.of(revokedToken.digest()))).isEmpty();
        assertThat(store().findSession(tokenless.sessionId())).isEmpty();
        assertThat(store().findSession(live.sessionId())).isPresent();
        assertThat(store().findSession(young.sessionId())).as("revoked after 'before'").isPresent();
        assertThat(store().purgeEnded(clock.instant().minusSeconds(1), 100)).isZero();
    }


    @Test
    void deleteAllWhenUserHasLiveAndEndedSessionsThenDeletesThemWithTheirTokensOnly() {
        RefreshToken live = started(ALICE);
        RefreshToken ended = started(ALICE);
        store().revoke(ended.sessionId(), clock.instant());
        RefreshToken bobs = started(BOB);

        assertThat(store().deleteAll(ALICE)).isEqualTo(2);

        assertThat(store().findSession(live.sessionId())).isEmpty();
        assertThat(store().findSession(ended.sessionId())).isEmpty();
        assertThat(store().findRefreshToken(List.of(live.digest()))).isEmpty();
        assertThat(store().findRefreshToken(List.of(bobs.digest()))).isPresent();
    }
    private ApiSession session(UserId user) {
        return new ApiSession(UUID.randomUUID().toString(), user, AuthMethod.LINK, clock.instant(), null);
    }

    private static RefreshToken token(ApiSession session, Instant issuedAt, Duration ttl) {
        return new RefreshToken(randomDigest(), session.id(), issuedAt, issuedAt.plus(ttl), null);
    }

    private RefreshToken successor(RefreshToken token) {
        return new RefreshToken(randomDigest(), token.sessionId(), clock.instant(), clock.instant().plus(TTL), null);
    }

    /** Creates an active session of {@code user}; returns its first refresh token. */
    private RefreshToken started(UserId user) {
        return startedAt(user, clock.instant(), TTL);
    }

    private RefreshToken startedAt(Instant issuedAt, Duration ttl) {
        return startedAt(ALICE, issuedAt, ttl);
    }

    private RefreshToken startedAt(UserId user, Instant issuedAt, Duration ttl) {
        ApiSession session = session(user);
        RefreshToken first = token(session, issuedAt, ttl);
        store().create(session, first);
        return first;
    }

    private ApiSession created(UserId user) {
        return store().findSession(started(user).sessionId()).orElseThrow();
    }

    private Instant revokedAt(ApiSession session) {
        return store().findSession(session.id()).orElseThrow().revokedAt();
    }
}
