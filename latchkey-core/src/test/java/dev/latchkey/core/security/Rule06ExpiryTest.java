package dev.latchkey.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.memory.InMemoryChallengeStore;
import dev.latchkey.core.testing.Harness;
import dev.latchkey.core.testing.SentMessage;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** SPEC §2 rule 6: challenges stop working at {@code challenge.ttl}; the purge removes them. */
class Rule06ExpiryTest {

    @Test
    void redeemWhenTtlHasPassedThenExpired() {
        Harness h = Harness.inMemory(s -> s.challengeTtl(Duration.ofMinutes(10)));
        SentMessage sent = h.requestAndDeliver("ada@example.com");
        String id = h.pendingRequestId("ada@example.com");
        h.clock.advance(Duration.ofMinutes(10));

        assertThat(h.latchkey.redeemLink(sent.token(), h.proof())).isInstanceOf(RedemptionOutcome.Expired.class);
        assertThat(h.latchkey.redeemCode(id, sent.code(), h.proof())).isInstanceOf(RedemptionOutcome.Expired.class);
    }

    @Test
    void redeemWhenJustBeforeTtlThenSignsIn() {
        Harness h = Harness.inMemory(s -> s.challengeTtl(Duration.ofMinutes(10)));
        SentMessage sent = h.requestAndDeliver("ada@example.com");
        h.clock.advance(Duration.ofMinutes(10).minusMillis(1));

        assertThat(h.latchkey.redeemLink(sent.token(), h.proof())).isInstanceOf(RedemptionOutcome.SignedIn.class);
    }

    @Test
    void purgeWhenSomeChallengesExpiredThenRemovesOnlyThose() {
        Harness h = Harness.inMemory(s -> s.requestsPerIp(dev.latchkey.core.config.Rate.parse("5000/1h")));
        for (int i = 0; i < 2_500; i++) {
            h.request("old" + i + "@example.com");
        }
        h.clock.advance(Duration.ofMinutes(9));
        SentMessage live = h.requestAndDeliver("live@example.com");
        h.clock.advance(Duration.ofMinutes(2));

        assertThat(h.latchkey.purgeExpired()).isEqualTo(2_500);
        assertThat(((InMemoryChallengeStore) h.stores.challenges()).size()).isEqualTo(1);
        assertThat(h.latchkey.redeemLink(live.token(), h.proof())).isInstanceOf(RedemptionOutcome.SignedIn.class);
    }
}
