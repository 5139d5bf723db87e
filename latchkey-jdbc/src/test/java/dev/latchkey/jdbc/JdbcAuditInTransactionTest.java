package dev.latchkey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.audit.AuditEvent;
import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.challenge.DenyOutcome;
import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.spi.OutboxStore;
import dev.latchkey.core.testing.Harness;
import dev.latchkey.core.testing.SentMessage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An audit row is written in the transaction of the change it describes (SPEC §7): the server's
 * JDBC audit listener joins the use case's transaction, so a use case that rolls back after its
 * event leaves no row, and one that commits leaves exactly one.
 */
class JdbcAuditInTransactionTest {
    /** Past {@code throttle.resend-delay}, which counts a request even when its transaction rolls back. */
    private static final Duration AFTER_RESEND_DELAY = Duration.ofMinutes(2);

    @ParameterizedTest
    @MethodSource("dev.latchkey.jdbc.TestDatabases#all")
    void requestWhenItsOutboxRowFailsAfterTheAuditEventThenNoAuditRowRemains(Supplier<TestStores> database) {
        TestStores db = database.get();
        AtomicBoolean outboxDown = new AtomicBoolean(true);
        Harness.Stores stores = JdbcHarness.stores(db);
        Harness h = new Harness(new Harness.Stores(stores.challenges(), stores.users(),
                failingEnqueue(stores.outbox(), outboxDown), stores.throttles(), stores.transactions()), s -> { },
                b -> b.auditTrail(db.audit()::append));

        assertThatThrownBy(() -> h.request("ada@example.com")).hasMessage("the outbox is down");

        // Listeners hear only of what committed; the trail's row went with the rolled-back transaction.
        assertThat(h.count(AuditEventType.LOGIN_REQUESTED)).isZero();
        assertThat(rows(db, AuditEventType.LOGIN_REQUESTED)).isEmpty();
        assertThat(h.stores.challenges().findNewestPending(new EmailAddress("ada@example.com"), Purpose.LOGIN,
                h.clock.instant())).isEmpty();

        outboxDown.set(false);
        h.clock.advance(AFTER_RESEND_DELAY);
        h.request("ada@example.com");
        assertThat(rows(db, AuditEventType.LOGIN_REQUESTED)).hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("dev.latchkey.jdbc.TestDatabases#all")
    void eachUseCasePublishesItsEventInsideItsTransaction(Supplier<TestStores> database) {
        TestStores db = database.get();
        Map<AuditEventType, Boolean> inTransaction = new ConcurrentHashMap<>();
        Harness h = new Harness(JdbcHarness.stores(db), s -> { }, b -> b.auditTrail(event -> {
            inTransaction.put(event.type(), db.transactions().inTransactionNow());
            db.audit().append(event);
        }));

        SentMessage first = h.requestAndDeliver("ada@example.com");
        assertThat(h.latchkey.redeemLink(first.token(), h.proof())).isInstanceOf(RedemptionOutcome.SignedIn.class);
        h.clock.advance(AFTER_RESEND_DELAY);
        SentMessage second = h.requestAndDeliver("ada@example.com");
        assertThat(h.latchkey.deny(second.token(), Harness.REQUESTER)).isEqualTo(DenyOutcome.DENIED);

        assertThat(inTransaction).containsEntry(AuditEventType.LOGIN_REQUESTED, true)
                .containsEntry(AuditEventType.LOGIN_SUCCEEDED, true)
                .containsEntry(AuditEventType.LOGIN_DENIED_BY_USER, true);
        assertThat(rows(db, AuditEventType.LOGIN_REQUESTED)).hasSize(2);
        assertThat(rows(db, AuditEventType.LOGIN_SUCCEEDED)).hasSize(1);
        assertThat(rows(db, AuditEventType.LOGIN_DENIED_BY_USER)).hasSize(1);
    }

    private static List<AuditEvent> rows(TestStores db, AuditEventType type) {
        return db.audit().findRecent(100).stream().filter(e -> e.type() == type).toList();
    }

    /** {@code outbox}, except that queuing fails while {@code fail} is set. */
    private static OutboxStore failingEnqueue(OutboxStore outbox, AtomicBoolean fail) {
        return (OutboxStore) Proxy.newProxyInstance(OutboxStore.class.getClassLoader(), new Class<?>[] {OutboxStore.class},
                (proxy, method, args) -> {
                    if (fail.get() && method.getName().equals("enqueue")) {
                        throw new IllegalStateException("the outbox is down");
                    }
                    try {
                        return method.invoke(outbox, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
