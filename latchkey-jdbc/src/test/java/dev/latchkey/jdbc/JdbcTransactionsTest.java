package dev.latchkey.jdbc;

import static dev.latchkey.core.spi.Challenges.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.spi.Challenges;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A challenge and its outbox entry are written together or not at all (SPEC §2 rule 17). */
class JdbcTransactionsTest {
    private final Instant now = Instant.parse("2030-01-01T09:00:00Z");

    @ParameterizedTest
    @MethodSource("dev.latchkey.jdbc.TestDatabases#all")
    void inTransactionWhenWorkThrowsThenChallengeAndOutboxEntryAreRolledBack(Supplier<TestStores> database) {
        TestStores db = database.get();
        Challenge challenge = Challenges.pending(ALICE, now, Duration.ofMinutes(10));

        assertThatThrownBy(() -> db.transactions().inTransaction(() -> {
            db.challenges().insert(challenge);
            db.outbox().enqueue(Challenges.entryFor(challenge, now));
            throw new IllegalStateException("delivery refused");
        })).isInstanceOf(IllegalStateException.class).hasMessage("delivery refused");

        assertThat(db.challenges().findById(challenge.id())).isEmpty();
        assertThat(db.outbox().findByChallenge(challenge.id())).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("dev.latchkey.jdbc.TestDatabases#all")
    void inTransactionWhenWorkCompletesThenBothAreCommitted(Supplier<TestStores> database) {
        TestStores db = database.get();
        Challenge challenge = Challenges.pending(ALICE, now, Duration.ofMinutes(10));

        db.transactions().inTransaction(() -> {
            db.challenges().insert(challenge);
            db.outbox().enqueue(Challenges.entryFor(challenge, now));
            return null;
        });

        assertThat(db.challenges().findById(challenge.id())).contains(challenge);
        assertThat(db.outbox().findByChallenge(challenge.id())).hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("dev.latchkey.jdbc.TestDatabases#all")
    void inTransactionWhenNestedThenInnerJoinsOuterAndRollsBackWithIt(Supplier<TestStores> database) {
        TestStores db = database.get();
        Challenge challenge = Challenges.pending(ALICE, now, Duration.ofMinutes(10));

        assertThatThrownBy(() -> db.transactions().inTransaction(() -> {
            db.transactions().inTransaction(() -> {
                db.challenges().insert(challenge);
                return null;
            });
            db.outbox().enqueue(Challenges.entryFor(challenge, now));
            throw new IllegalStateException("outer work failed");
        })).hasMessage("outer work failed");

        assertThat(db.challenges().findById(challenge.id())).isEmpty();
    }
}
