package dev.latchkey.spring.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.latchkey.spring.delivery.Messages.ADA_PHONE;
import static dev.latchkey.spring.delivery.Messages.CODE;
import static dev.latchkey.spring.delivery.Messages.LINK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.latchkey.core.config.InvalidSettingException;
import dev.latchkey.core.delivery.OutgoingMessage;
import dev.latchkey.core.delivery.SendResult;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.spring.LatchkeyProperties;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class WebhookSmsSenderTest {
    private static final String PATH = "/sms/send";
    private static final String SECRET = "webhook-secret-of-32-characters!";
    /** Quotes, a backslash, newlines, a tab, a control character, accents and an emoji outside the BMP. */
    private static final String TEXT = "Your \"Latchkey\" code is " + CODE + ". " + LINK + "\\path\t\u0001 é ✓ 😀\n\n@app.example.com #" + CODE;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final WireMockExtension webhook = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @Test
    void sendWhenAcceptedThenPostsJsonSignedOverTheExactBodyBytes() throws GeneralSecurityException {
        webhook.stubFor(post(PATH).willReturn(aResponse().withStatus(204)));

        SendResult result = sender().send(sms(TEXT));

        assertThat(result).isEqualTo(new SendResult.Sent());
        List<LoggedRequest> requests = webhook.findAll(postRequestedFor(urlEqualTo(PATH)));
        assertThat(requests).hasSize(1);
        LoggedRequest request = requests.get(0);
        byte[] body = request.getBody();
        assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(request.getHeader(WebhookSmsSender.SIGNATURE_HEADER)).isEqualTo("sha256=" + hmacHex(body));
        JsonNode json = JsonMapper.shared().readTree(body);
        assertThat(json.propertyNames()).containsExactly("to", "body");
        assertThat(json.get("to").stringValue()).isEqualTo(ADA_PHONE.value());
        assertThat(json.get("body").stringValue()).isEqualTo(TEXT);
        assertThat(new String(body, StandardCharsets.UTF_8))
                .startsWith("{\"to\":\"+447700900123\",\"body\":\"Your \\\"Latchkey\\\" code")
                .contains("\\\\path\\t\\u0001", "\\n\\n@app.example.com");
    }

    @Test
    void sendWhenBodiesDifferThenSignaturesDiffer() {
        webhook.stubFor(post(PATH).willReturn(aResponse().withStatus(200)));
        WebhookSmsSender sender = sender();

        sender.send(sms("Your Latchkey code is 111111."));
        sender.send(sms("Your Latchkey code is 222222."));

        List<LoggedRequest> requests = webhook.findAll(postRequestedFor(urlEqualTo(PATH)));
        assertThat(requests).extracting(r -> r.getHeader(WebhookSmsSender.SIGNATURE_HEADER))
                .doesNotHaveDuplicates()
                .allMatch(signature -> signature.matches("sha256=[0-9a-f]{64}"));
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 422})
    void sendWhenEndpointRefusesTheMessageThenNotRetryable(int status) {
        webhook.stubFor(post(PATH).willReturn(aResponse().withStatus(status).withBody("bad number " + ADA_PHONE.value())));

        SendResult result = sender().send(sms(TEXT));

        assertThat(result).isEqualTo(new SendResult.Failed("webhook " + status, false));
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 408, 429, 500, 503})
    void sendWhenEndpointFailsOtherwiseThenRetryable(int status) {
        webhook.stubFor(post(PATH).willReturn(aResponse().withStatus(status)));

        SendResult result = sender().send(sms(TEXT));

        assertThat(result).isEqualTo(new SendResult.Failed("webhook " + status, true));
    }

    @Test
    void sendWhenEndpointAnswersTooLateThenRetryableTimeout() {
        webhook.stubFor(post(PATH).willReturn(aResponse().withStatus(200).withFixedDelay(5_000)));
        WebhookSmsSender sender = new WebhookSmsSender(settings(webhook.baseUrl() + PATH, SECRET), HTTP, Duration.ofMillis(200));

        SendResult result = sender.send(sms(TEXT));

        assertThat(result).isEqualTo(new SendResult.Failed("webhook: timeout", true));
    }

    @Test
    void channelIsSms() {
        assertThat(sender().channel()).isEqualTo(Channel.SMS);
    }

    @Test
    void constructorWhenUrlMissingThenNamesIt() {
        assertThatThrownBy(() -> new WebhookSmsSender(settings(null, SECRET), HTTP))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("latchkey.sms.webhook.url is required when latchkey.sms.provider=webhook,"
                        + " e.g. https://sms.internal.example/send");
    }

    @Test
    void constructorWhenUrlIsNotHttpThenNamesIt() {
        assertThatThrownBy(() -> new WebhookSmsSender(settings("ftp://sms.internal.example/send", SECRET), HTTP))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("latchkey.sms.webhook.url must be an http or https URL,"
                        + " e.g. https://sms.internal.example/send (was ftp://sms.internal.example/send)");
    }

    @Test
    void constructorWhenSecretMissingThenNamesIt() {
        assertThatThrownBy(() -> new WebhookSmsSender(settings(webhook.baseUrl(), ""), HTTP))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("latchkey.sms.webhook.secret is required when latchkey.sms.provider=webhook,"
                        + " e.g. the output of openssl rand -hex 32");
    }

    @Test
    void constructorWhenSecretShorterThan16BytesThenSaysSoWithoutShowingIt() {
        String fifteen = "fifteen-bytes!!";

        assertThatThrownBy(() -> new WebhookSmsSender(settings(webhook.baseUrl(), fifteen), HTTP))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("latchkey.sms.webhook.secret must be at least 16 bytes,"
                        + " e.g. the output of openssl rand -hex 32 (was 15 bytes)");
    }

    @Test
    void constructorWhenSecretIs16BytesThenAccepts() {
        assertThat(new WebhookSmsSender(settings(webhook.baseUrl(), "sixteen-bytes!!!"), HTTP).channel())
                .isEqualTo(Channel.SMS);
    }

    private static WebhookSmsSender sender() {
        return new WebhookSmsSender(settings(webhook.baseUrl() + PATH, SECRET), HTTP);
    }

    private static LatchkeyProperties.Webhook settings(String url, String secret) {
        return new LatchkeyProperties.Webhook(url, secret);
    }

    private static OutgoingMessage sms(String text) {
        return new OutgoingMessage(ADA_PHONE, null, text, null);
    }

    private static String hmacHex(byte[] body) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
