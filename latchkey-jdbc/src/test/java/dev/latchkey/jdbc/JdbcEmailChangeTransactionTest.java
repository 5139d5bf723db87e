package dev.latchkey.jdbc;

import static dev.latchkey.core.EmailChangeContract.pendingChange;
import static dev.latchkey.core.EmailChangeContract.requestChange;
import static dev.latchkey.core.EmailChangeContract.signedIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.Latchkey;
import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.challenge.EmailChangeOutcome;
import dev.latchkey.core.delivery.OutboxEntry;
import dev.latchkey.core.delivery.OutboxKind;
import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.spi.OutboxStore;
import dev.latchkey.core.spi.UserDirectory;
import dev.latchkey.core.testing.Harness;
import dev.latchkey.core.testing.SentMessage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An email change is one transaction (issue 11, item 3): when the notice to the old address cannot be
 * queued, or the unique constraint refuses the new address, the link stays unspent and the address
 * unchanged. PostgreSQL aborts a transaction on a failed statement unless a savepoint catches it,
 * so this runs on every database.
 */
class JdbcEmailChangeTransactionTest {

    @ParameterizedTest
    @MethodSource("dev.latchkey.jdbc.TestDatabases#all")
    void confirmWhenNoticeCannotBeQueuedThenNothingChanges(Supplier<TestStores> database) {
        AtomicBoolean noticesFail = new AtomicBoolean(true);
        Harness.Stores stores = JdbcHarness.stores(database.get());
        Harness h = new Harness(new Harness.Stores(stores.challenges(), stores.users(),
                failingNotices(stores.outbox(), noticesFail), stores.throttles(), stores.transactions()), s -> { }, b -> { });
        User ada = signedIn(h, "ada@example.com");
        SentMessage confirmation = requestChange(h, ada.id(), "ada@new.example");

        assertThatThrownBy(() -> h.latchkey.confirmEmailChange(confirmation.token(), h.proof()))
                .hasMessage("the outbox is down");

        assertThat(h.stores.users().findById(ada.id()).orElseThrow().email()).isEqualTo(ada.email());
        Challenge pending = pendingChange(h);
        assertThat(pending.uses()).isZero();
        assertThat(h.stores.outbox().findByChallenge(pending.id())).extracting(OutboxEntry::kind)
                .doesNotContain(OutboxKind.EMAIL_CHANGED_NOTICE);
        assertThat(h.count(AuditEventType.EMAIL_CHANGED)).isZero();

        noticesFail.set(false);
        assertThat(h.latchkey.confirmEmailChange(confirmation.token(), h.proof()))
                .isEqualTo(new EmailChangeOutcome.Changed(ada.withEmail(new EmailAddress("ada@new.example")),
                        ada.email()));
    }

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

    /** {@code outbox}, except that queuing an email-change notice fails while {@code fail} is set. */
    private static OutboxStore failingNotices(OutboxStore outbox, AtomicBoolean fail) {
        return delegating(OutboxStore.class, outbox, (method, args) -> {
            if (fail.get() && method.getName().equals("enqueue")
                    && ((OutboxEntry) args[0]).kind() == OutboxKind.EMAIL_CHANGED_NOTICE) {
                throw new IllegalStateException("the outbox is down");
            }
            return null;
        });
    }

    /** {@code users}, except that no account is found by its address. */
    private static UserDirectory blindToHolders(UserDirectory users) {
        return delegating(UserDirectory.class, users,
                (method, args) -> method.getName().equals("findByIdentifier") ? Optional.empty() : null);
    }

    /** What a wrapper answers for a call instead of its target: null to pass the call on. */
    @FunctionalInterface
    private interface Answer {
        @Nullable Object answer(Method method, @Nullable Object[] args);
    }

    /** {@code target} behind {@code answer}. */
    private static <T> T delegating(Class<T> type, T target, Answer answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            Object answered = answer.answer(method, args);
            if (answered != null) {
                return answered;
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }
}
