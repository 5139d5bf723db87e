package dev.latchkey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.latchkey.core.Latchkey;
import dev.latchkey.core.config.Rate;
import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.challenge.RequestOutcome;
import dev.latchkey.core.delivery.MessageSender;
import dev.latchkey.core.delivery.OutboxEntry;
import dev.latchkey.core.delivery.OutboxState;
import dev.latchkey.core.delivery.OutgoingMessage;
import dev.latchkey.core.delivery.SendResult;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.core.testing.Harness;
import dev.latchkey.core.testing.RecordingSender;
import dev.latchkey.core.testing.SentMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * SPEC §2 rule 17 across processes: two delivery workers (two engines, as two instances would
 * run) drain the same 1,000 queued messages on PostgreSQL; every message is sent exactly once. A
 * worker that outlives its lease is fenced: only the worker that claimed the row since counts.
 */
class PostgresDeliveryWorkersTest {
    private static final int MESSAGES = 1_000;
    private static final Duration LEASE = Duration.ofMinutes(1);
    private static final String EMAIL = "ada@example.com";

    @Test
    void twoWorkersWhenDrainingTheSameOutboxThenEachMessageIsSentExactlyOnce() throws Exception {
        Harness h = new Harness(JdbcHarness.stores(TestDatabases.postgres()),
                s -> s.requestsPerIp(Rate.parse("5000/1h")).deliveryBatchSize(25), b -> { });
        for (int i = 0; i < MESSAGES; i++) {
            h.request("user" + i + "@example.com");
        }
        Latchkey other = h.engine(h.config, b -> { });

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> claimed = new ArrayList<>();
            for (Latchkey engine : List.of(h.latchkey, other)) {
                claimed.add(pool.submit(() -> {
                    start.await();
                    return engine.deliveryWorker().drain();
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> future : claimed) {
                total += future.get(120, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(MESSAGES);
        } finally {
            pool.shutdownNow();
        }

        Map<String, Long> perRecipient = h.mail.delivered().stream()
                .collect(Collectors.groupingBy(m -> m.recipient().value(), Collectors.counting()));
        assertThat(perRecipient).hasSize(MESSAGES);
        assertThat(perRecipient.values()).containsOnly(1L);
        assertThat(h.mail.attempted()).hasSize(MESSAGES);
        assertThat(h.mail.delivered().stream().map(OutgoingMessage::text).collect(Collectors.toSet())).hasSize(MESSAGES);
        assertThat(h.latchkey.deliveryWorker().drain()).isZero();
        assertThat(h.mail.delivered().stream().map(OutgoingMessage::recipient).map(r -> h.stores.challenges()
                .findNewestPending(r, dev.latchkey.core.challenge.Purpose.LOGIN, h.clock.instant()).orElseThrow())
                .flatMap(c -> h.stores.outbox().findByChallenge(c.id()).stream())
                .map(e -> e.state()).collect(Collectors.groupingBy(Function.identity(), Collectors.counting())))
                .containsExactly(Map.entry(OutboxState.SENT, (long) MESSAGES));
    }

    @Test
    void staleWorkerWhenItsSendSucceedsAfterAnotherClaimedTheRowThenOnlyTheNewClaimCounts() {
        Harness h = new Harness(JdbcHarness.stores(TestDatabases.postgres()), s -> s.deliveryLease(LEASE), b -> { });
        RequestOutcome.Accepted accepted = h.request(EMAIL);
        RecordingSender stale = new RecordingSender(Channel.EMAIL);
        Latchkey staleEngine = h.engine(h.config, b -> b.sender(outlivingItsLease(h, stale)));

        assertThat(staleEngine.deliveryWorker().runOnce()).isEqualTo(1);

        assertThat(stale.delivered()).hasSize(1);
        assertThat(h.mail.delivered()).hasSize(1);
        assertThat(h.count(AuditEventType.MESSAGE_SENT)).isEqualTo(1);
        assertThat(h.stores.outbox().findByChallenge(accepted.requestId()))
                .extracting(OutboxEntry::state, OutboxEntry::attempts).containsExactly(tuple(OutboxState.SENT, 1));
        assertThat(h.latchkey.redeemLink(SentMessage.parse(stale.delivered().get(0)).token(), h.proof()))
                .isInstanceOf(RedemptionOutcome.NotFound.class);
        assertThat(h.latchkey.redeemLink(h.mail.last().token(), h.proof())).isInstanceOf(RedemptionOutcome.SignedIn.class);
    }

    @Test
    void staleWorkerWhenItsSendFailsAfterAnotherDeliveredThenTheDeliveredMessageStillWorksAndStaysSent() {
        Harness h = new Harness(JdbcHarness.stores(TestDatabases.postgres()), s -> s.deliveryLease(LEASE), b -> { });
        RequestOutcome.Accepted accepted = h.request(EMAIL);
        RecordingSender stale = new RecordingSender(Channel.EMAIL);
        stale.failAlways(true);
        Latchkey staleEngine = h.engine(h.config, b -> b.sender(outlivingItsLease(h, stale)));

        staleEngine.deliveryWorker().runOnce();

        assertThat(h.count(AuditEventType.MESSAGE_SENT)).isEqualTo(1);
        assertThat(h.stores.outbox().findByChallenge(accepted.requestId()))
                .extracting(OutboxEntry::state, OutboxEntry::attempts).containsExactly(tuple(OutboxState.SENT, 1));
        h.clock.advance(LEASE.multipliedBy(3));
        assertThat(h.latchkey.deliveryWorker().drain()).as("a late failure never reopens a sent row").isZero();
        assertThat(h.mail.delivered()).hasSize(1);
        assertThat(h.latchkey.redeemLink(h.mail.last().token(), h.proof())).isInstanceOf(RedemptionOutcome.SignedIn.class);
    }

    /**
     * A sender that stalls past the lease: while it "sends", the clock passes the lease and the
     * harness engine's worker claims the row again and delivers it through {@code h.mail}; then the
     * stalled send ends as {@code last} says.
     */
    private static MessageSender outlivingItsLease(Harness h, RecordingSender last) {
        return new MessageSender() {
            @Override
            public Channel channel() {
                return Channel.EMAIL;
            }

            @Override
            public SendResult send(OutgoingMessage message) {
                h.clock.advance(LEASE.plusSeconds(1));
                assertThat(h.latchkey.deliveryWorker().runOnce()).as("the other worker re-claims the row").isEqualTo(1);
                return last.send(message);
            }
        };
    }
}
