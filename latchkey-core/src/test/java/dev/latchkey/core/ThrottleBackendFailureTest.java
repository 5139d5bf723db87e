package dev.latchkey.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.challenge.RequestOutcome;
import dev.latchkey.core.challenge.SignInRequest;
import dev.latchkey.core.config.Rate;
import dev.latchkey.core.config.ThrottleFailurePolicy;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.core.memory.InMemoryThrottleStore;
import dev.latchkey.core.spi.ThrottleStore;
import dev.latchkey.core.testing.Harness;
import dev.latchkey.core.testing.SentMessage;
import dev.latchkey.core.throttle.ThrottleDecision;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** {@code latchkey.throttle.on-backend-failure}: what a sign-in does while the throttle store (Redis) is down. */
class ThrottleBackendFailureTest {
    private final AtomicBoolean down = new AtomicBoolean();

    /** The memory store, except that every call fails while {@code down} is set, as a lost Redis would. */
    private ThrottleStore flaky() {
        InMemoryThrottleStore memory = new InMemoryThrottleStore();
        return new ThrottleStore() {
            @Override
            public ThrottleDecision hit(String key, Rate rate, Instant now) {
                failIfDown();
                return memory.hit(key, rate, now);
            }

            @Override
            public ThrottleDecision check(String key, Rate rate, Instant now) {
                failIfDown();
                return memory.check(key, rate, now);
            }

            @Override
            public void reset(String key) {
                failIfDown();
                memory.reset(key);
            }

            @Override
            public int purgeExpired(Instant now) {
                return memory.purgeExpired(now);
            }

            private void failIfDown() {
                if (down.get()) {
                    throw new IllegalStateException("connection refused");
                }
            }
        };
    }

    private Harness harness(ThrottleFailurePolicy policy) {
        Harness.Stores memory = Harness.Stores.inMemory();
        return new Harness(new Harness.Stores(memory.challenges(), memory.users(), memory.outbox(), flaky(),
                memory.transactions()), s -> s.onThrottleFailure(policy), b -> { });
    }

    @Test
    void requestWhenStoreIsDownAndPolicyFailsClosedThenUnavailableAndNothingIsSent() {
        Harness h = harness(ThrottleFailurePolicy.FAIL_CLOSED);
        SentMessage earlier = h.requestAndDeliver("ada@example.com");
        String requestId = h.pendingRequestId("ada@example.com");
        down.set(true);

        assertThat(h.latchkey.requestSignIn(SignInRequest.login(Channel.EMAIL, "bob@example.com", Harness.REQUESTER)))
                .isInstanceOf(RequestOutcome.Unavailable.class);
        assertThat(h.latchkey.redeemCode(requestId, earlier.code(), h.proof()))
                .isInstanceOf(RedemptionOutcome.Unavailable.class);
        h.latchkey.deliveryWorker().drain();
        assertThat(h.mail.delivered()).hasSize(1);

        down.set(false);
        assertThat(h.latchkey.redeemCode(requestId, earlier.code(), h.proof())).isInstanceOf(RedemptionOutcome.SignedIn.class);
    }

    /** A link needs no limit (no lockout holds it back, SPEC §2 rule 4), so it signs in while the store is down. */
    @Test
    void redeemLinkWhenStoreIsDownAndPolicyFailsClosedThenSignsIn() {
        Harness h = harness(ThrottleFailurePolicy.FAIL_CLOSED);
        SentMessage sent = h.requestAndDeliver("ada@example.com");
        down.set(true);

        assertThat(h.latchkey.redeemLink(sent.token(), h.proof())).isInstanceOf(RedemptionOutcome.SignedIn.class);
    }

    @Test
    void requestWhenStoreIsDownAndPolicyFailsOpenThenProceedsAndRecordsTheFailure() {
        Harness h = harness(ThrottleFailurePolicy.FAIL_OPEN);
        down.set(true);

        SentMessage sent = h.requestAndDeliver("ada@example.com");
        assertThat(h.latchkey.redeemCode(h.pendingRequestId("ada@example.com"), sent.code(), h.proof()))
                .isInstanceOf(RedemptionOutcome.SignedIn.class);
        assertThat(h.count(AuditEventType.THROTTLE_BACKEND_FAILED)).isGreaterThanOrEqualTo(2);
    }
}
