package dev.latchkey.spring.delivery;

import dev.latchkey.core.config.InvalidSettingException;
import dev.latchkey.core.delivery.MessageSender;
import dev.latchkey.core.delivery.OutgoingMessage;
import dev.latchkey.core.delivery.SendResult;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.spring.LatchkeyProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends text messages to your own HTTP endpoint: a POST of {@code {"to":"+447700900123","body":"…"}}
 * (UTF-8 JSON) with the header {@code X-Latchkey-Signature: sha256=<hex>}, the lower-case hex
 * HMAC-SHA256 of the exact body bytes under {@code latchkey.sms.webhook.secret}. The endpoint should
 * check it in constant time before sending anything.
 *
 * <p>A 2xx answer is a sent message. The endpoint answers 400, 404 or 422 to say that trying again
 * cannot help, e.g. for a number its provider refuses; every other answer, a timeout or a broken
 * connection is retried by the delivery worker. A reason reads like {@code webhook 422}.
 */
public final class WebhookSmsSender implements MessageSender {
    /** The header that carries the body's signature. */
    public static final String SIGNATURE_HEADER = "X-Latchkey-Signature";
    private static final String PROVIDER = "webhook";
    private static final String ALGORITHM = "HmacSHA256";
    private static final int MIN_SECRET_BYTES = 16;
    private static final Set<Integer> REFUSED = Set.of(400, 404, 422);

    private final HttpClient http;
    private final Duration timeout;
    private final URI url;
    private final SecretKeySpec key;

    /**
     * A sender that POSTs to the endpoint in {@code settings} over {@code http} with a 10 s deadline.
     *
     * @throws InvalidSettingException when the URL is missing or not http(s), or the secret is
     *         missing or shorter than 16 bytes
     */
    public WebhookSmsSender(LatchkeyProperties.Webhook settings, HttpClient http) {
        this(settings, http, SmsHttp.TIMEOUT);
    }

    /** A sender whose every exchange with the provider ends within {@code timeout}, {@code latchkey.delivery.timeout}. */
    public WebhookSmsSender(LatchkeyProperties.Webhook settings, HttpClient http, Duration timeout) {
        Objects.requireNonNull(settings, "settings");
        this.http = Objects.requireNonNull(http, "http");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        String example = "https://sms.internal.example/send";
        this.url = SmsHttp.httpUri(SmsHttp.required(settings.url(), PROVIDER, "url", example),
                "latchkey.sms.webhook.url", example);
        String secretExample = "the output of openssl rand -hex 32";
        byte[] secret = SmsHttp.required(settings.secret(), PROVIDER, "secret", secretExample)
                .getBytes(StandardCharsets.UTF_8);
        if (secret.length < MIN_SECRET_BYTES) {
            throw new InvalidSettingException("latchkey.sms.webhook.secret must be at least " + MIN_SECRET_BYTES
                    + " bytes, e.g. " + secretExample + " (was " + secret.length + " bytes)");
        }
        this.key = new SecretKeySpec(secret, ALGORITHM);
    }

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    @Override
    public SendResult send(OutgoingMessage message) {
        byte[] body = JsonMapper.shared().writeValueAsBytes(JsonMapper.shared().createObjectNode()
                .put("to", message.recipient().value())
                .put("body", message.text()));
        HttpRequest request = HttpRequest.newBuilder(url)
                .header("Content-Type", "application/json")
                .header(SIGNATURE_HEADER, "sha256=" + HexFormat.of().formatHex(sign(body)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return SmsHttp.exchange(http, request, timeout, PROVIDER,
                (status, answer) -> new SendResult.Failed(PROVIDER + " " + status, !REFUSED.contains(status)));
    }

    private byte[] sign(byte[] body) {
        try {
            // A Mac is not thread-safe, and a fresh one costs little next to an HTTP round trip.
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime supports " + ALGORITHM, e);
        }
    }
}
