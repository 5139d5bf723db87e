package dev.latchkey.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.Latchkey;
import dev.latchkey.core.config.Rate;
import dev.latchkey.core.delivery.OutboxState;
import dev.latchkey.core.delivery.OutgoingMessage;
import dev.latchkey.core.testing.Harness;
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
 * run) drain the same 1,000 queued messages on PostgreSQL; every message is sent exactly once.
 */
class PostgresDeliveryWorkersTest {
    private static final int MESSAGES = 1_000;

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
}
