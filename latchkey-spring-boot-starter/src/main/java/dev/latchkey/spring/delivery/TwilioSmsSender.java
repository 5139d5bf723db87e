package dev.latchkey.spring.delivery;

import dev.latchkey.core.config.InvalidSettingException;
import dev.latchkey.core.delivery.MessageSender;
import dev.latchkey.core.delivery.OutgoingMessage;
import dev.latchkey.core.delivery.SendResult;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.spring.LatchkeyProperties;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends text messages through Twilio's Messages API: a form POST to
 * {@code {base-url}/2010-04-01/Accounts/{sid}/Messages.json} with HTTP Basic authentication.
 *
 * <p>A 2xx answer is a sent message. A 4xx answer whose Twilio error code names a bad number
 * (21211 invalid, 21408 region not enabled, 21610 unsubscribed, 21614 not a mobile) is not retried,
 * as SPEC §4.2 asks. Every other failure is retried, including 401 and 403: rotated credentials are
 * fixed by a redeploy, and the outbox entry outlives the process that failed to send it. A reason
 * reads like {@code twilio 400 code 21211}; Twilio's message text, which quotes the number, is ignored.
 */
public final class TwilioSmsSender implements MessageSender {
    private static final String PROVIDER = "twilio";
    private static final String SID_EXAMPLE = "ACxxxxxxxx…";
    private static final Set<Integer> BAD_NUMBER = Set.of(21211, 21408, 21610, 21614);

    private final HttpClient http;
    private final Duration timeout;
    private final URI messages;
    private final String authorization;
    private final String from;

    /**
     * A sender for the account in {@code settings}, sending over {@code http} with a 10 s deadline.
     *
     * @throws InvalidSettingException when the account SID, auth token or sender number is missing,
     *         or the base URL is not an http or https URL
     */
    public TwilioSmsSender(LatchkeyProperties.Twilio settings, HttpClient http) {
        this(settings, http, SmsHttp.TIMEOUT);
    }

    /** A sender whose every exchange with the provider ends within {@code timeout}, {@code latchkey.delivery.timeout}. */
    public TwilioSmsSender(LatchkeyProperties.Twilio settings, HttpClient http, Duration timeout) {
        Objects.requireNonNull(settings, "settings");
        this.http = Objects.requireNonNull(http, "http");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        String sid = SmsHttp.required(settings.accountSid(), PROVIDER, "account-sid", SID_EXAMPLE);
        if (!sid.chars().allMatch(ch -> ch < 128 && Character.isLetterOrDigit(ch))) {
            throw new InvalidSettingException("latchkey.sms.twilio.account-sid must be letters and digits only, e.g. "
                    + SID_EXAMPLE + " (was " + sid + ")");
        }
        String authToken = SmsHttp.required(settings.authToken(), PROVIDER, "auth-token", "${TWILIO_AUTH_TOKEN}");
        this.from = SmsHttp.required(settings.from(), PROVIDER, "from", "+15005550006");
        String baseUrl = SmsHttp.required(settings.baseUrl(), PROVIDER, "base-url", "https://api.twilio.com");
        SmsHttp.httpUri(baseUrl, "latchkey.sms.twilio.base-url", "https://api.twilio.com");
        this.messages = URI.create(baseUrl.replaceAll("/+$", "") + "/2010-04-01/Accounts/" + sid + "/Messages.json");
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((sid + ":" + authToken).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    @Override
    public SendResult send(OutgoingMessage message) {
        String form = "To=" + formEncode(message.recipient().value()) + "&From=" + formEncode(from)
                + "&Body=" + formEncode(message.text());
        HttpRequest request = HttpRequest.newBuilder(messages)
                .header("Authorization", authorization)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
                .build();
        return SmsHttp.exchange(http, request, timeout, PROVIDER, TwilioSmsSender::clientError);
    }

    private static SendResult.Failed clientError(int status, byte[] body) {
        OptionalInt code = errorCode(body);
        if (code.isEmpty()) {
            return new SendResult.Failed(PROVIDER + " " + status, true);
        }
        return new SendResult.Failed(PROVIDER + " " + status + " code " + code.getAsInt(),
                !BAD_NUMBER.contains(code.getAsInt()));
    }

    /** The {@code code} of a Twilio error answer such as {@code {"code":21211,"message":…}}. */
    private static OptionalInt errorCode(byte[] body) {
        try {
            JsonNode code = JsonMapper.shared().readTree(body).path("code");
            return code.isInt() ? OptionalInt.of(code.intValue()) : OptionalInt.empty();
        } catch (JacksonException e) {
            return OptionalInt.empty();
        }
    }

    private static String formEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
