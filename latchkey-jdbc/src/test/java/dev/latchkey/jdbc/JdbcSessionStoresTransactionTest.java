package dev.latchkey.jdbc;

import static dev.latchkey.core.spi.Challenges.randomDigest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.challenge.AuthMethod;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.session.ApiSession;
import dev.latchkey.core.session.RefreshToken;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The session and settings stores inside a caller's transaction: their writes join it, and a refused
 * insert does not abort it (PostgreSQL aborts a transaction on any error unless a savepoint catches it).
 */
class JdbcSessionStoresTransactionTest {
    private static final UserId ALICE = new UserId("0190a5c4-1234-7abc-8def-0123456789ab");

    private final Instant now = Instant.parse("2030-01-01T09:00:00Z");

    @ParameterizedTest
    @MethodSource("dev.latchkey.jdbc.TestDatabases#all")
    void putIfAbsentWhenNameTakenInsideTransactionThenReturnsStoredValueAndTransactionGoesOn(
            Supplier<TestStores> database) {
        TestStores db = database.get();
        db.settings().putIfAbsent("dev-secret", "first");

        String stored = db.transactions().inTransaction(() -> {
            String value = db.settings().putIfAbsent("dev-secret", "second");
            db.settings().putIfAbsent("written-after", "yes");
            return value;
        });

        assertThat(stored).isEqualTo("first");
        assertThat(db.settings().find("written-after")).contains("yes");
    }

    @ParameterizedTest
    @MethodSource("dev.latchkey.jdbc.TestDatabases#all")
    void rotateWhenOuterTransactionRollsBackThenTokenIsStillUnused(Supplier<TestStores> database) {
        TestStores db = database.get();
        RefreshToken used = start(db, "sid-rolled-back");
        RefreshToken next = new RefreshToken(randomDigest(), used.sessionId(), now, now.plus(Duration.ofDays(1)), null);

        assertThatThrownBy(() -> db.transactions().inTransaction(() -> {
            db.sessions().rotate(used.digest(), next, now);
            throw new IllegalStateException("issuing the access token failed");
        })).hasMessage("issuing the access token failed");

        assertThat(db.sessions().findRefreshToken(List.of(used.digest()))).contains(used);
        assertThat(db.sessions().findRefreshToken(List.of(next.digest()))).isEmpty();
        assertThat(db.sessions().rotate(used.digest(), next, now)).isTrue();
    }

    @ParameterizedTest
    @MethodSource("dev.latchkey.jdbc.TestDatabases#all")
    void createWhenFirstTokenIsRefusedThenSessionIsNotStoredEither(Supplier<TestStores> database) {
        TestStores db = database.get();
        RefreshToken taken = start(db, "sid-first");
        ApiSession second = new ApiSession("sid-second", ALICE, AuthMethod.LINK, now, null);

        assertThatThrownBy(() -> db.sessions().create(second,
                new RefreshToken(taken.digest(), second.id(), now, now.plus(Duration.ofDays(1)), null)))
                .isInstanceOf(JdbcStoreException.class);

        assertThat(db.sessions().findSession(second.id())).isEmpty();
    }

    private RefreshToken start(TestStores db, String sessionId) {
        ApiSession session = new ApiSession(sessionId, ALICE, AuthMethod.CODE, now, null);
        RefreshToken first = new RefreshToken(randomDigest(), sessionId, now, now.plus(Duration.ofDays(1)), null);
        db.sessions().create(session, first);
        return first;
    }
}
