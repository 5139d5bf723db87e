package dev.latchkey.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.config.ResendPolicy;
import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.testing.Harness;
import dev.latchkey.core.testing.SentMessage;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** SPEC §2 rule 5: a sign-in revokes the identifier's other challenges; {@code resend=rotate} keeps only the newest. */
class Rule05RevocationTest {
    private static final String EMAIL = "ada@example.com";

    @Test
    void newRequestWhenResendRotatesThenOlderLinkAndCodeAreRevoked() {
        Harness h = Harness.inMemory();
        SentMessage first = h.requestAndDeliver(EMAIL);
        String firstId = h.pendingRequestId(EMAIL);
        h.clock.advance(Duration.ofSeconds(61));
        SentMessage second = h.requestAndDeliver(EMAIL);

        assertThat(h.latchkey.redeemLink(first.token(), h.proof())).isInstanceOf(RedemptionOutcome.Revoked.class);
        assertThat(h.latchkey.redeemCode(firstId, first.code(), h.proof())).isInstanceOf(RedemptionOutcome.Revoked.class);
        assertThat(h.latchkey.redeemLink(second.token(), h.proof())).isInstanceOf(RedemptionOutcome.SignedIn.class);
    }

    @Test
    void signInWhenResendKeepsThenOtherPendingChallengesAreRevoked() {
        Harness h = Harness.inMemory(s -> s.resend(ResendPolicy.KEEP));
        SentMessage first = h.requestAndDeliver(EMAIL);
        h.clock.advance(Duration.ofSeconds(61));
        SentMessage second = h.requestAndDeliver(EMAIL);
        String secondId = h.pendingRequestId(EMAIL);

        assertThat(h.latchkey.redeemLink(first.token(), h.proof())).isInstanceOf(RedemptionOutcome.SignedIn.class);
        assertThat(h.latchkey.redeemCode(secondId, second.code(), h.proof())).isInstanceOf(RedemptionOutcome.Revoked.class);
        assertThat(h.latchkey.redeemLink(second.token(), h.proof())).isInstanceOf(RedemptionOutcome.Revoked.class);
    }
}
