package dev.latchkey.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.config.InvalidSettingException;
import dev.latchkey.core.testing.StandardWebhooks;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSecretTest {
    private static final String PROPERTY = "latchkey.webhooks[0].secret";
    /** The test vector published with the Standard Webhooks specification. */
    private static final String REFERENCE_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void signWhenStandardWebhooksReferenceVectorThenItsSignature() {
        WebhookSecret secret = WebhookSecret.parse(PROPERTY, REFERENCE_SECRET);

        String signature = secret.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}");

        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assertThat(StandardWebhooks.verifies(REFERENCE_SECRET, Map.of("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                "webhook-timestamp", "1614265330", "webhook-signature", signature), "{\"test\": 2432232314}",
                Instant.ofEpochSecond(1614265330))).isTrue();
    }

    @Test
    void parseWhenMissingThenNamesThePropertyAndAnExample() {
        assertThatThrownBy(() -> WebhookSecret.parse(PROPERTY, " ")).isInstanceOf(InvalidSettingException.class)
                .hasMessage("latchkey.webhooks[0].secret is required, e.g. whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    }

    @Test
    void parseWhenNoPrefixThenFailsWithoutQuotingTheValue() {
        assertThatThrownBy(() -> WebhookSecret.parse(PROPERTY, "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("latchkey.webhooks[0].secret must be whsec_ followed by the key in base64,"
                        + " e.g. whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw (was <masked>)");
    }

    @Test
    void parseWhenNotBase64ThenFailsWithoutQuotingTheValue() {
        assertThatThrownBy(() -> WebhookSecret.parse(PROPERTY, "whsec_not*base64!"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("latchkey.webhooks[0].secret must be whsec_ followed by the key in base64,"
                        + " e.g. whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw (was <masked>, which is not base64)");
    }

    @Test
    void parseWhenKeyShorterThan24BytesThenFails() {
        assertThatThrownBy(() -> WebhookSecret.parse(PROPERTY, "whsec_c2hvcnQta2V5"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("latchkey.webhooks[0].secret must hold a key of 24 to 64 bytes,"
                        + " e.g. whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw (was <masked>, of 9 bytes)");
    }

    @Test
    void toStringWhenPrintedThenShowsNothingOfTheKey() {
        assertThat(WebhookSecret.parse(PROPERTY, REFERENCE_SECRET)).hasToString("WebhookSecret[redacted]");
    }
}
