package dev.latchkey.spring.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.latchkey.spring.delivery.Messages.ADA_PHONE;
import static dev.latchkey.spring.delivery.Messages.CODE;
import static dev.latchkey.spring.delivery.Messages.LINK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.BasicCredentials;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.latchkey.core.config.InvalidSettingException;
import dev.latchkey.core.delivery.OutgoingMessage;
import dev.latchkey.core.delivery.SendResult;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.spring.LatchkeyProperties;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TwilioSmsSenderTest {
    private static final String SID = "AC0123456789abcdef0123456789abcdef";
    private static final String TOKEN = "twilio-auth-token";
    private static final String FROM = "+15005550006";
    private static final String MESSAGES = "/2010-04-01/Accounts/" + SID + "/Messages.json";
    /** Characters a form body must encode: '&', '=', '+', '#', a newline and non-ASCII. */
    private static final String TEXT = "Your Latchkey code is " + CODE + ". " + LINK + "?a=1&b=2+3 é\n\n@app.example.com #" + CODE;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final WireMockExtension twilio = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    @Test
    void sendWhenAcceptedThenPostsFormToAccountWithBasicAuth() {
        twilio.stubFor(post(MESSAGES).willReturn(aResponse().withStatus(201).withBody("{\"sid\":\"SM123\"}")));

        SendResult result = sender(twilio.baseUrl()).send(sms());

        assertThat(result).isEqualTo(new SendResult.Sent());
        twilio.verify(1, postRequestedFor(urlEqualTo(MESSAGES))
                .withBasicAuth(new BasicCredentials(SID, TOKEN))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withFormParam("To", equalTo(ADA_PHONE.value()))
                .withFormParam("From", equalTo(FROM))
                .withFormParam("Body", equalTo(TEXT)));
    }

    @Test
    void sendWhenBaseUrlEndsWithSlashThenPathHasOneSlash() {
        twilio.stubFor(post(MESSAGES).willReturn(aResponse().withStatus(201)));

        assertThat(sender(twilio.baseUrl() + "/").send(sms())).isEqualTo(new SendResult.Sent());
    }

    @ParameterizedTest
    @ValueSource(ints = {21211, 21408, 21610, 21614})
    void sendWhenTwilioNamesABadNumberThenNotRetryable(int code) {
        twilio.stubFor(post(MESSAGES).willReturn(aResponse().withStatus(400).withBody("{\"code\":" + code
                + ",\"message\":\"The 'To' number " + ADA_PHONE.value() + " is not valid.\",\"status\":400}")));

        SendResult result = sender(twilio.baseUrl()).send(sms());

        assertThat(result).isEqualTo(new SendResult.Failed("twilio 400 code " + code, false));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "400 | {\"code\":21606,\"message\":\"From is not a valid number\"} | twilio 400 code 21606",
        "401 | {\"code\":20003,\"message\":\"Authenticate\"}                | twilio 401 code 20003",
        "403 | not json                                                     | twilio 403",
        "429 | {\"code\":20429,\"message\":\"Too Many Requests\"}           | twilio 429",
        "500 | {\"code\":20500,\"message\":\"Internal Server Error\"}       | twilio 500",
        "503 | ''                                                           | twilio 503",
    })
    void sendWhenOtherFailureThenRetryable(int status, String body, String reason) {
        twilio.stubFor(post(MESSAGES).willReturn(aResponse().withStatus(status).withBody(body)));

        SendResult result = sender(twilio.baseUrl()).send(sms());

        assertThat(result).isEqualTo(new SendResult.Failed(reason, true));
    }

    @Test
    void sendWhenTwilioAnswersTooLateThenRetryableTimeout() {
        twilio.stubFor(post(MESSAGES).willReturn(aResponse().withStatus(201).withFixedDelay(5_000)));
        TwilioSmsSender sender = new TwilioSmsSender(
                new LatchkeyProperties.Twilio(SID, TOKEN, FROM, twilio.baseUrl()), HTTP, Duration.ofMillis(200));

        long started = System.nanoTime();
        SendResult result = sender.send(sms());

        assertThat(result).isEqualTo(new SendResult.Failed("twilio: timeout", true));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void sendWhenNothingListensThenRetryableWithoutDetails() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        SendResult result = sender("http://127.0.0.1:" + closedPort).send(sms());

        assertThat(result).isEqualTo(new SendResult.Failed("twilio: ConnectException", true));
    }

    @Test
    void channelIsSms() {
        assertThat(sender(twilio.baseUrl()).channel()).isEqualTo(Channel.SMS);
    }

    @Test
    void constructorWhenAccountSidMissingThenNamesIt() {
        assertThatThrownBy(() -> new TwilioSmsSender(new LatchkeyProperties.Twilio(" ", TOKEN, FROM, twilio.baseUrl()), HTTP))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("latchkey.sms.twilio.account-sid is required when latchkey.sms.provider=twilio,"
                        + " e.g. ACxxxxxxxx…");
    }

    @Test
    void constructorWhenAuthTokenMissingThenNamesIt() {
        assertThatThrownBy(() -> new TwilioSmsSender(new LatchkeyProperties.Twilio(SID, null, FROM, twilio.baseUrl()), HTTP))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("latchkey.sms.twilio.auth-token is required when latchkey.sms.provider=twilio,"
                        + " e.g. ${TWILIO_AUTH_TOKEN}");
    }

    @Test
    void constructorWhenFromMissingThenNamesIt() {
        assertThatThrownBy(() -> new TwilioSmsSender(new LatchkeyProperties.Twilio(SID, TOKEN, null, twilio.baseUrl()), HTTP))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("latchkey.sms.twilio.from is required when latchkey.sms.provider=twilio, e.g. +15005550006");
    }

    @Test
    void constructorWhenAccountSidHasPathCharactersThenRefusesIt() {
        assertThatThrownBy(() -> sender(twilio.baseUrl(), "AC123/../x"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("latchkey.sms.twilio.account-sid must be letters and digits only, e.g. ACxxxxxxxx…"
                        + " (was AC123/../x)");
    }

    @Test
    void constructorWhenBaseUrlIsNotHttpThenNamesIt() {
        assertThatThrownBy(() -> sender("api.twilio.com"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("latchkey.sms.twilio.base-url must be an http or https URL,"
                        + " e.g. https://api.twilio.com (was api.twilio.com)");
    }

    private static TwilioSmsSender sender(String baseUrl) {
        return sender(baseUrl, SID);
    }

    private static TwilioSmsSender sender(String baseUrl, String sid) {
        return new TwilioSmsSender(new LatchkeyProperties.Twilio(sid, TOKEN, FROM, baseUrl), HTTP);
    }

    private static OutgoingMessage sms() {
        return new OutgoingMessage(ADA_PHONE, null, TEXT, null);
    }
}
