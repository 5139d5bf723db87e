package dev.latchkey.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.testing.Harness;
import dev.latchkey.core.testing.SentMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SPEC §2 rule 3: one atomic store call decides a redemption, so 50 concurrent redemptions of one
 * challenge yield exactly one sign-in. Each store runs this against its own implementation.
 */
public abstract class Rule03AtomicRedemptionContract {
    private static final int THREADS = 50;

    /** Fresh, empty stores for one test. */
    protected abstract Harness.Stores stores();

    @Test
    void redeemLinkWhenFiftyThreadsRaceThenExactlyOneSignsIn() throws Exception {
        Harness h = new Harness(stores(), s -> { }, b -> { });
        SentMessage sent = h.requestAndDeliver("race@example.com");

        List<RedemptionOutcome> outcomes = race(() -> h.latchkey.redeemLink(sent.token(), h.proof()));

        assertThat(outcomes).filteredOn(o -> o instanceof RedemptionOutcome.SignedIn).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o instanceof RedemptionOutcome.Spent).hasSize(THREADS - 1);
    }

    @Test
    void redeemCodeWhenFiftyThreadsTypeTheRightCodeThenExactlyOneSignsIn() throws Exception {
        Harness h = new Harness(stores(), s -> { }, b -> { });
        SentMessage sent = h.requestAndDeliver("race@example.com");
        String requestId = h.pendingRequestId("race@example.com");

        List<RedemptionOutcome> outcomes = race(() -> h.latchkey.redeemCode(requestId, sent.code(), h.proof()));

        assertThat(outcomes).filteredOn(o -> o instanceof RedemptionOutcome.SignedIn).hasSize(1);
        assertThat(h.stores.users().findByIdentifier(sent.message().recipient())).isPresent();
    }

    private static List<RedemptionOutcome> race(Callable<RedemptionOutcome> redemption) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch ready = new CountDownLatch(THREADS);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<RedemptionOutcome>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    start.await();
                    return redemption.call();
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            start.countDown();
            List<RedemptionOutcome> outcomes = new ArrayList<>();
            for (Future<RedemptionOutcome> future : futures) {
                outcomes.add(future.get(60, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }
}
