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

    static ResponseEntity<ApiError> of(HttpStatus status, String error, String detail) {
        return ResponseEntity.status(status).body(new ApiError(error, detail, null, null));
    }

    /** A 429 with {@code retry_after} and a {@code Retry-After} header, in whole seconds rounded up. */
    static ResponseEntity<ApiError> tooMany(String error, String detail, Duration wait) {
        long seconds = Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .body(new ApiError(error, detail, seconds, null));
    }
}
