package dev.latchkey.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.challenge.RequestId;
import dev.latchkey.core.spi.OutboxStore;
import dev.latchkey.core.testing.Harness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A drain claims until a batch comes back short, never once more only to find nothing. */
class DeliveryDrainTest {
    private final Harness.Stores stores = Harness.Stores.inMemory();
    private final CountingOutbox outbox = new CountingOutbox(stores.outbox());
    private final Harness h = new Harness(stores, settings -> settings.deliveryBatchSize(2), b -> b.outbox(outbox));

    @Test
    void drainWhenFewerDueThanBatchSizeThenClaimsOnce() {
        h.request("a@example.com");

        assertThat(h.latchkey.deliveryWorker().drain()).isEqualTo(1);
        assertThat(outbox.claims.get()).isEqualTo(1);
        assertThat(h.mail.delivered()).hasSize(1);
    }

    @Test
    void drainWhenMoreDueThanBatchSizeThenClaimsUntilShortBatch() {
        h.request("a@example.com");
        h.request("b@example.com");
        h.request("c@example.com");

        assertThat(h.latchkey.deliveryWorker().drain()).isEqualTo(3);
        assertThat(outbox.claims.get()).isEqualTo(2);
        assertThat(h.mail.delivered()).hasSize(3);
    }

    @Test
    void drainWhenExactlyBatchSizeDueThenLooksOnceMore() {
        h.request("a@example.com");
        h.request("b@example.com");

        assertThat(h.latchkey.deliveryWorker().drain()).isEqualTo(2);
        assertThat(outbox.claims.get()).isEqualTo(2);
    }

    /** Counts claims and otherwise hands every call to the real store. */
    private static final class CountingOutbox implements OutboxStore {
        private final OutboxStore store;
        private final AtomicInteger claims = new AtomicInteger();

        CountingOutbox(OutboxStore store) {
            this.store = store;
        }

        @Override
        public void enqueue(OutboxEntry entry) {
            store.enqueue(entry);
        }

        @Override
        public List<OutboxEntry> claimDue(Instant now, int limit, Duration lease) {
            claims.incrementAndGet();
            return store.claimDue(now, limit, lease);
        }

        @Override
        public List<OutboxEntry> claim(List<OutboxEntry> entries, Instant now, Duration lease) {
            claims.incrementAndGet();
            return store.claim(entries, now, lease);
        }

        @Override
        public boolean markSent(OutboxEntry claimed, int attempts, Instant now) {
            return store.markSent(claimed, attempts, now);
        }

        @Override
        public boolean markDropped(OutboxEntry claimed, Instant now) {
            return store.markDropped(claimed, now);
        }

        @Override
        public boolean scheduleRetry(OutboxEntry claimed, int attempts, Instant nextAttemptAt) {
            return store.scheduleRetry(claimed, attempts, nextAttemptAt);
        }

        @Override
        public boolean markAbandoned(OutboxEntry claimed, int attempts, Instant now) {
            return store.markAbandoned(claimed, attempts, now);
        }

        @Override
        public int purgeWebhookCalls(Instant before, int batchSize) {
            return store.purgeWebhookCalls(before, batchSize);
        }

        @Override
        public List<OutboxEntry> findByChallenge(RequestId challengeId) {
            return store.findByChallenge(challengeId);
        }
    }
}
