package dev.latchkey.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.challenge.Challenge;
import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.challenge.RequestOutcome;
import dev.latchkey.core.config.LatchkeyConfig;
import dev.latchkey.core.secret.BindingSecret;
import dev.latchkey.core.secret.Code;
import dev.latchkey.core.secret.LinkToken;
import dev.latchkey.core.secret.SecretKeyRing;
import dev.latchkey.core.testing.Harness;
import dev.latchkey.core.testing.SentMessage;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SPEC §2 rule 2: neither link token nor code is stored, logged or put in an exception message
 * in recoverable form; only HMACs are kept, under rotating keys.
 */
class Rule02SecretsNeverKeptTest {
    private final List<String> logLines = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logLines.add(String.valueOf(record.getMessage()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger root = Logger.getLogger("");
    private Level previous;

    @BeforeEach
    void captureLogs() {
        previous = root.getLevel();
        root.setLevel(Level.ALL);
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
        Logger.getLogger("dev.latchkey").setLevel(Level.ALL);
    }

    @AfterEach
    void releaseLogs() {
        root.removeHandler(capture);
        root.setLevel(previous);
    }

    @Test
    void challengeWhenDeliveredThenHoldsOnlyDigestsOfTokenAndCode() {
        Harness h = Harness.inMemory();
        RequestOutcome.Accepted accepted = h.request("ada@example.com");
        h.latchkey.deliveryWorker().drain();
        SentMessage sent = h.mail.last();

        Challenge stored = h.stores.challenges().findById(accepted.requestId()).orElseThrow();
        assertThat(stored.toString()).doesNotContain(sent.token()).doesNotContain(sent.code());
        assertThat(stored.linkDigest()).isNotNull();
        assertThat(h.config.keys().verify(stored.linkDigest(), "login", sent.token())).isTrue();
        assertThat(h.config.keys().verify(stored.codeDigest(), "login", accepted.requestId().value(), sent.code())).isTrue();
    }

    @Test
    void codeDigestWhenSameCodeOnAnotherRequestThenDiffers() {
        SecretKeyRing keys = SecretKeyRing.of(Harness.SECRET, List.of());
        assertThat(keys.digest("login", "request-a", "123456")).isNotEqualTo(keys.digest("login", "request-b", "123456"));
        assertThat(keys.digest("login", "123456")).isNotEqualTo(keys.digest("change_email", "123456"));
    }

    @Test
    void logsWhenWholeFlowRunsWithFailuresThenNeverHoldTokenOrCode() {
        Harness h = Harness.inMemory();
        h.mail.failNext(1);
        h.request("ada@example.com");
        h.latchkey.deliveryWorker().drain();
        h.clock.advance(Duration.ofSeconds(5));
        h.latchkey.deliveryWorker().drain();
        SentMessage sent = h.mail.last();
        String wrong = "000000".equals(sent.code()) ? "111111" : "000000";
        assertThat(h.latchkey.redeemCode(h.pendingRequestId("ada@example.com"), wrong, h.proof()))
                .isInstanceOf(RedemptionOutcome.WrongCode.class);
        assertThat(h.latchkey.redeemLink(sent.token(), h.proof())).isInstanceOf(RedemptionOutcome.SignedIn.class);

        assertThat(logLines).isNotEmpty();
        List<String> secrets = new ArrayList<>();
        for (var m : h.mail.attempted()) {
            SentMessage parsed = SentMessage.parse(m);
            secrets.add(parsed.token());
            secrets.add(parsed.code());
        }
        for (String line : logLines) {
            for (String secret : secrets) {
                assertThat(line).doesNotContain(secret);
            }
        }
        assertThat(h.events.toString()).doesNotContain(sent.token()).doesNotContain(sent.code());
    }

    @Test
    void secretTypesWhenPrintedThenShowNoValue() {
        SecureRandom random = new SecureRandom();
        LinkToken token = LinkToken.generate(random);
        Code code = Code.generate(random, new LatchkeyConfig.CodeSettings(6, "0123456789"));
        BindingSecret binding = BindingSecret.generate(random);
        SecretKeyRing keys = SecretKeyRing.of(Harness.SECRET, List.of());
        LatchkeyConfig config = LatchkeyConfig.builder().secret(Harness.SECRET).build();

        assertThat(token.toString()).doesNotContain(token.reveal());
        assertThat(code.toString()).doesNotContain(code.reveal());
        assertThat(binding.toString()).doesNotContain(binding.reveal());
        assertThat(keys.toString()).doesNotContain(Harness.SECRET).contains("<masked>");
        assertThat(config.toString()).doesNotContain(Harness.SECRET);
    }

    @Test
    void messageWhenPrintedThenHidesItsBody() {
        Harness h = Harness.inMemory();
        SentMessage sent = h.requestAndDeliver("ada@example.com");
        assertThat(sent.message().toString()).doesNotContain(sent.token()).doesNotContain(sent.code());
    }

    @Test
    void oldSecretWhenRotatedToPreviousThenChallengesStillRedeem() {
        Harness h = Harness.inMemory();
        SentMessage byLink = h.requestAndDeliver("ada@example.com");
        h.clock.advance(Duration.ofMinutes(2));
        SentMessage byCode = h.requestAndDeliver("bob@example.com");
        String bobRequest = h.pendingRequestId("bob@example.com");

        String newSecret = "rotated-secret-rotated-secret-rotated-0123456789";
        var rotated = h.engine(LatchkeyConfig.builder().secret(newSecret).previousSecrets(List.of(Harness.SECRET)).build(),
                b -> { });
        assertThat(rotated.redeemLink(byLink.token(), h.proof())).isInstanceOf(RedemptionOutcome.SignedIn.class);
        assertThat(rotated.redeemCode(bobRequest, byCode.code(), h.proof())).isInstanceOf(RedemptionOutcome.SignedIn.class);
    }

    @Test
    void oldSecretWhenRemovedThenItsChallengesNoLongerRedeem() {
        Harness h = Harness.inMemory();
        SentMessage sent = h.requestAndDeliver("ada@example.com");
        String request = h.pendingRequestId("ada@example.com");

        var rotated = h.engine(LatchkeyConfig.builder().secret("rotated-secret-rotated-secret-rotated-0123456789").build(),
                b -> { });
        assertThat(rotated.redeemLink(sent.token(), h.proof())).isInstanceOf(RedemptionOutcome.NotFound.class);
        assertThat(rotated.redeemCode(request, sent.code(), h.proof())).isInstanceOf(RedemptionOutcome.WrongCode.class);
    }
}
