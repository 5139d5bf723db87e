package dev.latchkey.spring.delivery;

import dev.latchkey.core.config.InvalidSettingException;
import dev.latchkey.core.delivery.SendResult;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * What the Twilio and webhook senders share: checking their settings, and turning one HTTP exchange
 * with the provider into a {@link SendResult} (SPEC §4.2).
 *
 * <p>A 2xx answer is a sent message. A 4xx answer other than 408 and 429 is read by the provider's
 * own {@link ClientErrors}, since only it knows which ones name a bad number. Everything else, 408,
 * 429, 5xx, a timeout or a broken connection, is retried by the delivery worker. Reasons hold the
 * provider, status codes and exception types only: an answer's text may quote the number or the body.
 */
final class SmsHttp {
    /** How long one exchange may take, from connecting to the last byte of the answer; {@code latchkey.delivery.timeout}. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** Reads a 4xx answer other than 408 and 429. */
    @FunctionalInterface
    interface ClientErrors {
        SendResult.Failed classify(int status, byte[] body);
    }

    private SmsHttp() {
    }

    static SendResult exchange(HttpClient http, HttpRequest request, Duration timeout, String provider,
                               ClientErrors clientErrors) {
        return await(http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()), timeout, provider, clientErrors);
    }

    /** {@link #exchange} of an exchange already started, which must end within {@code timeout} from now. */
    static SendResult await(CompletableFuture<HttpResponse<byte[]>> exchange, Duration timeout, String provider,
                            ClientErrors clientErrors) {
        HttpResponse<byte[]> response;
        try {
            // A deadline on the whole exchange: HttpRequest.timeout stops at the headers, so a provider
            // that trickles its body would otherwise hold the delivery thread.
            response = exchange.get(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return new SendResult.Failed(provider + ": timeout", true);
        } catch (ExecutionException e) {
            Throwable cause = Objects.requireNonNullElse(e.getCause(), e);
            String what = cause instanceof HttpTimeoutException ? "timeout" : cause.getClass().getSimpleName();
            return new SendResult.Failed(provider + ": " + what, true);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return new SendResult.Failed(provider + ": interrupted", true);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new SendResult.Sent();
        }
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            return clientErrors.classify(status, response.body());
        }
        return new SendResult.Failed(provider + " " + status, true);
    }

    /** {@code value}, or a start-up failure naming {@code latchkey.sms.<provider>.<property>}. */
    static String required(@Nullable String value, String provider, String property, String example) {
        if (value == null || value.isBlank()) {
            throw new InvalidSettingException("latchkey.sms." + provider + "." + property
                    + " is required when latchkey.sms.provider=" + provider + ", e.g. " + example);
        }
        return value.strip();
    }

    /** {@code value} as an absolute http or https URI, or a start-up failure naming {@code property}. */
    static URI httpUri(String value, String property, String example) {
        try {
            URI uri = new URI(value);
            if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // Reported below with the property name, which the parser's message lacks.
        }
        throw new InvalidSettingException(
                property + " must be an http or https URL, e.g. " + example + " (was " + value + ")");
    }
}
