package dev.latchkey.spring.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Bad input to the JSON API gets a JSON error with a sentence, never an HTML page or a stack trace. */
@RestControllerAdvice(assignableTypes = {AuthApiController.class, JwksController.class})
public final class ApiExceptionHandler {
    private static final System.Logger LOG = System.getLogger(ApiExceptionHandler.class.getName());

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        return ApiError.of(HttpStatus.BAD_REQUEST, "invalid_request",
                "The body must be a JSON object with string fields, at most " + ApiRequestFilter.MAX_BYTES + " bytes.");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    public ResponseEntity<ApiError> unsupported(HttpMediaTypeNotSupportedException e) {
        return ApiError.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                "Send the body as application/json.");
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    public ResponseEntity<ApiError> notAcceptable(HttpMediaTypeNotAcceptableException e) {
        return ApiError.of(HttpStatus.NOT_ACCEPTABLE, "not_acceptable", "This API answers in application/json.");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    public ResponseEntity<ApiError> method(HttpRequestMethodNotSupportedException e) {
        return ApiError.of(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                "Use " + String.join(" or ", e.getSupportedMethods() == null ? new String[] {"POST"} : e.getSupportedMethods())
                        + " for this endpoint.");
    }

    @ExceptionHandler(RuntimeException.class)
    public ResponseEntity<ApiError> unexpected(RuntimeException e) {
        // Only the type is logged: an exception message could quote the request body.
        LOG.log(System.Logger.Level.ERROR, "JSON API request failed: " + e.getClass().getName());
        return ApiError.of(HttpStatus.INTERNAL_SERVER_ERROR, "server_error", "Something went wrong on our side; try again.");
    }
}
