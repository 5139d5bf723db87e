package dev.latchkey.jdbc;

import static dev.latchkey.core.EmailChangeContract.pendingChange;
import static dev.latchkey.core.EmailChangeContract.requestChange;
import static dev.latchkey.core.EmailChangeContract.signedIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.Latchkey;
import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.challenge.EmailChangeOutcome;
import dev.latchkey.core.delivery.OutboxEntry;
import dev.latchkey.core.delivery.OutboxKind;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.spi.UserDirectory;
import dev.latchkey.core.testing.Harness;
import dev.latchkey.core.testing.SentMessage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An email change that loses to the unique constraint inside its transaction rolls back the spent
 * link and the queued notice (PostgreSQL aborts a transaction on a failed statement unless a
 * savepoint catches it, so this runs on every database).
 */
class JdbcEmailChangeTransactionTest {

    @ParameterizedTest
    @MethodSource("dev.latchkey.jdbc.TestDatabases#all")
    void confirmWhenAnotherAccountTakesTheAddressAfterTheCheckThenTakenAndNothingChanges(Supplier<TestStores> database) {
        Harness h = new Harness(JdbcHarness.stores(database.get()), s -> { }, b -> { });
        User ada = signedIn(h, "ada@example.com");
        SentMessage confirmation = requestChange(h, ada.id(), "ada@new.example");
        signedIn(h, "ada@new.example");
        // Sees no holder of the new address, as if the other account arrived between the check and the write.
        Latchkey late = h.engine(h.config, b -> b.users(blindToHolders(h.stores.users())));

        assertThat(late.confirmEmailChange(confirmation.token(), h.proof())).isEqualTo(new EmailChangeOutcome.Taken());

        assertThat(h.stores.users().findById(ada.id()).orElseThrow().email()).isEqualTo(ada.email());
        Challenge pending = pendingChange(h);
        assertThat(pending.uses()).isZero();
        assertThat(h.stores.outbox().findByChallenge(pending.id())).extracting(OutboxEntry::kind)
                .doesNotContain(OutboxKind.EMAIL_CHANGED_NOTICE);
        assertThat(h.count(AuditEventType.EMAIL_CHANGED)).isZero();
    }

    /** {@code users}, except that no account is found by its address. */
    private static UserDirectory blindToHolders(UserDirectory users) {
        return (UserDirectory) Proxy.newProxyInstance(UserDirectory.class.getClassLoader(),
                new Class<?>[] {UserDirectory.class}, (proxy, method, args) -> {
                    if (method.getName().equals("findByIdentifier")) {
                        return Optional.empty();
                    }
                    try {
                        return method.invoke(users, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
