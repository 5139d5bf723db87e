package dev.latchkey.spring.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Every JSON API error: {@code {"error": "<code>", "detail": "<sentence>"}}, plus
 * {@code retry_after} on 429 and {@code attempts_left} when a code was checked.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String detail, @JsonProperty("retry_after") @Nullable Long retryAfter,
                       @JsonProperty("attempts_left") @Nullable Integer attemptsLeft) {

    /** The response of an error without a retry time or attempts left, e.g. {@code 400 invalid_request}. */
    public static ResponseEntity<ApiError> of(HttpStatus status, String error, String detail) {
        return ResponseEntity.status(status).body(new ApiError(error, detail, null, null));
    }

    /**
     * The error for a bare status that Spring or the container produced without a Latchkey handler, e.g. a 404
     * for an unknown path or a 405 for a wrong method.
     *
     * @param allow the response's {@code Allow} header, if any, named in a 405's sentence
     */
    static ApiError ofStatus(int status, @Nullable String allow) {
        return switch (status) {
            case 400 -> new ApiError("invalid_request", "The request is not valid.", null, null);
            case 401 -> new ApiError("invalid_token", "Send an access token as Bearer.", null, null);
            case 403 -> new ApiError("access_denied", "Not allowed.", null, null);
            case 404 -> new ApiError("not_found", "There is no such endpoint in this API.", null, null);
            case 405 -> new ApiError("method_not_allowed", allow == null || allow.isBlank()
                    ? "This method is not allowed for this endpoint." : "Use " + allow + " for this endpoint.", null, null);
            case 406 -> new ApiError("not_acceptable", "This API answers in application/json.", null, null);
            case 409 -> new ApiError("conflict", "The request conflicts with the current state.", null, null);
            case 413 -> new ApiError("payload_too_large",
                    "The body is larger than " + ApiRequestFilter.MAX_BYTES + " bytes.", null, null);
            case 415 -> new ApiError("unsupported_media_type", "Send the body as application/json.", null, null);
            case 429 -> new ApiError("rate_limited", "Too many requests; try again later.", null, null);
            case 503 -> new ApiError("unavailable", "The service is unavailable; try again shortly.", null, null);
            default -> status < 500 ? new ApiError("invalid_request", "The request is not valid.", null, null)
                    : new ApiError("server_error", "Something went wrong on our side; try again.", null, null);
        };
    }

    /** A 429 with {@code retry_after} and a {@code Retry-After} header, in whole seconds rounded up. */
    static ResponseEntity<ApiError> tooMany(String error, String detail, Duration wait) {
        long seconds = Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .body(new ApiError(error, detail, seconds, null));
    }
}
