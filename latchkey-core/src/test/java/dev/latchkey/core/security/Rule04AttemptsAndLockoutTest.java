package dev.latchkey.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.challenge.Proof;
import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.challenge.RequestOutcome;
import dev.latchkey.core.challenge.RequesterContext;
import dev.latchkey.core.challenge.SignInRequest;
import dev.latchkey.core.config.Rate;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.core.secret.Pkce;
import dev.latchkey.core.testing.Harness;
import dev.latchkey.core.testing.SentMessage;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * SPEC §2 rule 4: wrong codes count before comparing; the 5th wrong code exhausts a challenge;
 * failures per identifier survive new challenges, lock at the 10th, and reset on success.
 */
class Rule04AttemptsAndLockoutTest {
    private static final String EMAIL = "ada@example.com";

    private static String wrong(SentMessage sent) {
        return "000000".equals(sent.code()) ? "111111" : "000000";
    }

    @Test
    void redeemCodeWhenFifthCodeIsWrongThenChallengeIsExhausted() {
        Harness h = Harness.inMemory();
        SentMessage sent = h.requestAndDeliver(EMAIL);
        String id = h.pendingRequestId(EMAIL);

        for (int left = 4; left >= 1; left--) {
            assertThat(h.latchkey.redeemCode(id, wrong(sent), h.proof())).isEqualTo(new RedemptionOutcome.WrongCode(left));
        }
        assertThat(h.latchkey.redeemCode(id, wrong(sent), h.proof())).isInstanceOf(RedemptionOutcome.Exhausted.class);
        assertThat(h.latchkey.redeemCode(id, sent.code(), h.proof())).isInstanceOf(RedemptionOutcome.Exhausted.class);
        assertThat(h.latchkey.redeemLink(sent.token(), h.proof())).isInstanceOf(RedemptionOutcome.Exhausted.class);
        assertThat(h.count(AuditEventType.CHALLENGE_EXHAUSTED)).isEqualTo(1);
    }

    @Test
    void redeemCodeWhenRightCodeIsTheFifthAttemptThenSignsIn() {
        Harness h = Harness.inMemory();
        SentMessage sent = h.requestAndDeliver(EMAIL);
        String id = h.pendingRequestId(EMAIL);
        for (int i = 0; i < 4; i++) {
            h.latchkey.redeemCode(id, wrong(sent), h.proof());
        }
        assertThat(h.latchkey.redeemCode(id, sent.code(), h.proof())).isInstanceOf(RedemptionOutcome.SignedIn.class);
    }

    @Test
    void redeemCodeWhenTypedWithSpacesAndDashesThenMatches() {
        Harness h = Harness.inMemory();
        SentMessage sent = h.requestAndDeliver(EMAIL);
        String typed = " " + sent.code().substring(0, 3) + "- " + sent.code().substring(3) + " ";
        assertThat(h.latchkey.redeemCode(h.pendingRequestId(EMAIL), typed, h.proof()))
                .isInstanceOf(RedemptionOutcome.SignedIn.class);
    }

    @Test
    void redeemCodeWhenAlphabetIsUpperCaseThenLowerCaseInputMatches() {
        Harness h = Harness.inMemory(s -> s.codeAlphabet("ABCDEFGHJKLMNPQRSTUVWXYZ").codeLength(8));
        SentMessage sent = h.requestAndDeliver(EMAIL);
        assertThat(sent.code()).matches("[A-Z]{8}");
        assertThat(h.latchkey.redeemCode(h.pendingRequestId(EMAIL), sent.code().toLowerCase(), h.proof()))
                .isInstanceOf(RedemptionOutcome.SignedIn.class);
    }

    @Test
    void lockoutWhenTenthFailureAcrossThreeResendsThenRightCodeIsRefused() {
        Harness h = Harness.inMemory(s -> s.maxAttempts(5));
        SentMessage sent = null;
        int failures = 0;
        for (int round = 0; round < 4 && failures < 10; round++) {
            sent = h.requestAndDeliver(EMAIL);
            String id = h.pendingRequestId(EMAIL);
            for (int i = 0; i < 3 && failures < 10; i++, failures++) {
                assertThat(h.latchkey.redeemCode(id, wrong(sent), h.proof()))
                        .isInstanceOf(RedemptionOutcome.WrongCode.class);
            }
            h.clock.advance(Duration.ofSeconds(61));
        }
        assertThat(failures).isEqualTo(10);
        assertThat(h.count(AuditEventType.IDENTIFIER_LOCKED)).isEqualTo(1);

        SentMessage fresh = h.requestAndDeliver(EMAIL);
        assertThat(h.latchkey.redeemCode(h.pendingRequestId(EMAIL), fresh.code(), h.proof()))
                .isInstanceOf(RedemptionOutcome.Locked.class);
        assertThat(h.latchkey.redeemCode(Channel.EMAIL, EMAIL, fresh.code(), h.proof()))
                .isInstanceOf(RedemptionOutcome.Locked.class);

        h.clock.advance(Duration.ofHours(1));
        SentMessage afterWindow = h.requestAndDeliver(EMAIL);
        assertThat(h.latchkey.redeemCode(h.pendingRequestId(EMAIL), afterWindow.code(), h.proof()))
                .isInstanceOf(RedemptionOutcome.SignedIn.class);
    }

    /** Strangers typing wrong codes for an address lock its codes, never its owner: a link cannot be guessed. */
    @Test
    void lockoutWhenIdentifierIsLockedThenLinkStillSignsInAndResetsTheFailures() {
        Harness h = Harness.inMemory(s -> s.failuresPerIdentifier(Rate.parse("3/1h")));
        SentMessage sent = h.requestAndDeliver(EMAIL);
        String id = h.pendingRequestId(EMAIL);
        for (int i = 0; i < 3; i++) {
            h.latchkey.redeemCode(id, wrong(sent), Proof.from(new RequesterContext("198.51.100." + i, "curl/8")));
        }
        assertThat(h.latchkey.redeemCode(id, sent.code(), h.proof())).isInstanceOf(RedemptionOutcome.Locked.class);

        assertThat(h.latchkey.redeemLink(sent.token(), h.proof())).isInstanceOf(RedemptionOutcome.SignedIn.class);

        h.clock.advance(Duration.ofSeconds(61));
        SentMessage next = h.requestAndDeliver(EMAIL);
        assertThat(h.latchkey.redeemCode(h.pendingRequestId(EMAIL), next.code(), h.proof()))
                .as("the link's sign-in reset the identifier's failures").isInstanceOf(RedemptionOutcome.SignedIn.class);
    }

    @Test
    void lockedRedemptionWhenRefusedThenReportsTimeUntilWindowEnds() {
        Harness h = Harness.inMemory(s -> s.failuresPerIdentifier(Rate.parse("2/1h")));
        SentMessage sent = h.requestAndDeliver(EMAIL);
        String id = h.pendingRequestId(EMAIL);
        h.latchkey.redeemCode(id, wrong(sent), h.proof());
        h.clock.advance(Duration.ofMinutes(5));
        h.latchkey.redeemCode(id, wrong(sent), h.proof());

        assertThat(h.latchkey.redeemCode(id, sent.code(), h.proof()))
                .isEqualTo(new RedemptionOutcome.Locked(Duration.ofMinutes(55)));
    }

    @Test
    void failuresWhenSignInSucceedsThenAreForgotten() {
        Harness h = Harness.inMemory(s -> s.requestsPerIdentifier(Rate.parse("20/1h")));
        for (int i = 0; i < 9; i++) {
            SentMessage sent = h.requestAndDeliver(EMAIL);
            h.latchkey.redeemCode(h.pendingRequestId(EMAIL), wrong(sent), h.proof());
            h.clock.advance(Duration.ofSeconds(61));
        }
        SentMessage good = h.requestAndDeliver(EMAIL);
        assertThat(h.latchkey.redeemLink(good.token(), h.proof())).isInstanceOf(RedemptionOutcome.SignedIn.class);

        h.clock.advance(Duration.ofSeconds(61));
        SentMessage next = h.requestAndDeliver(EMAIL);
        String id = h.pendingRequestId(EMAIL);
        h.latchkey.redeemCode(id, wrong(next), h.proof());
        h.latchkey.redeemCode(id, wrong(next), h.proof());
        assertThat(h.latchkey.redeemCode(id, next.code(), h.proof())).isInstanceOf(RedemptionOutcome.SignedIn.class);
    }

    @Test
    void pkceWhenVerifierMissingOrWrongThenFailsAndCountsAsAttempt() {
        Harness h = Harness.inMemory(s -> s.maxAttempts(3));
        String verifier = "v".repeat(43) + "erifier";
        RequestOutcome outcome = h.latchkey.requestSignIn(SignInRequest.login(Channel.EMAIL, EMAIL, Harness.REQUESTER)
                .withCodeChallenge(Pkce.challengeOf(verifier)));
        assertThat(outcome).isInstanceOf(RequestOutcome.Accepted.class);
        h.latchkey.deliveryWorker().drain();
        SentMessage sent = h.mail.last();

        assertThat(h.latchkey.redeemLink(sent.token(), h.proof())).isInstanceOf(RedemptionOutcome.PkceFailed.class);
        Proof wrongVerifier = h.proof().withCodeVerifier("w".repeat(50));
        assertThat(h.latchkey.redeemLink(sent.token(), wrongVerifier)).isInstanceOf(RedemptionOutcome.PkceFailed.class);
        assertThat(h.latchkey.redeemCode(Channel.EMAIL, EMAIL, sent.code(), h.proof()))
                .isInstanceOf(RedemptionOutcome.Exhausted.class);
    }

    @Test
    void pkceWhenVerifierIsRightThenSignsIn() {
        Harness h = Harness.inMemory();
        String verifier = "correct-horse-battery-staple-correct-horse-battery";
        h.latchkey.requestSignIn(SignInRequest.login(Channel.EMAIL, EMAIL, Harness.REQUESTER)
                .withCodeChallenge(Pkce.challengeOf(verifier)));
        h.latchkey.deliveryWorker().drain();
        SentMessage sent = h.mail.last();

        assertThat(h.latchkey.redeemLink(sent.token(), h.proof().withCodeVerifier(verifier)))
                .isInstanceOf(RedemptionOutcome.SignedIn.class);
    }
}
