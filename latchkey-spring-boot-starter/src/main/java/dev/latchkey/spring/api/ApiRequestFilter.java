package dev.latchkey.spring.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks a JSON API request's body before Spring MVC sees it: a POST that is not JSON gets
 * {@code 415 unsupported_media_type}, a body declared over {@value #MAX_BYTES} bytes
 * {@code 413 payload_too_large} (one that streams past it {@code 400 invalid_request}); all in Latchkey's JSON
 * error shape. Every other error status set further on by {@code sendError} (a 404 for an unknown path, a 405
 * for a wrong method, a 406, …) is answered in that shape too, instead of Spring's error page (SPEC §5).
 */
public final class ApiRequestFilter extends OncePerRequestFilter {
    /** Largest accepted body. Every API body is a handful of short strings. */
    public static final int MAX_BYTES = 16 * 1024;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if ("POST".equals(request.getMethod()) && request.getContentLengthLong() != 0 && !json(request.getContentType())) {
            refuse(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                    "Send the body as application/json.");
            return;
        }
        if (request.getContentLengthLong() > MAX_BYTES) {
            ApiError tooLarge = ApiError.ofStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, null);
            refuse(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, tooLarge.error(), tooLarge.detail());
            return;
        }
        chain.doFilter(new Limited(request), new JsonErrors(response));
    }

    private static boolean json(@Nullable String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return MediaType.APPLICATION_JSON.isCompatibleWith(type) || type.getSubtype().endsWith("+json");
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    private static void refuse(HttpServletResponse response, int status, String error, String detail) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getOutputStream().write(("{\"error\":\"" + error + "\",\"detail\":\"" + detail + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Answers {@code sendError} with Latchkey's JSON error instead of forwarding to the error page. */
    private static final class JsonErrors extends HttpServletResponseWrapper {
        JsonErrors(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void sendError(int status) throws IOException {
            if (isCommitted()) {
                super.sendError(status);
                return;
            }
            resetBuffer();
            ApiError error = ApiError.ofStatus(status, getHeader(HttpHeaders.ALLOW));
            refuse((HttpServletResponse) getResponse(), status, error.error(), error.detail());
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            // Spring's message may quote the request; the JSON error has its own sentence.
            sendError(status);
        }
    }

    /** Stops reading past the limit, so a chunked body without a length cannot grow without bound. */
    private static final class Limited extends HttpServletRequestWrapper {
        Limited(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream in = super.getInputStream();
            return new ServletInputStream() {
                private long read;

                @Override
                public int read() throws IOException {
                    int b = in.read();
                    if (b >= 0) {
                        count(1);
                    }
                    return b;
                }

                /** JSON parsers read in bulk; counting byte by byte through {@link #read()} cost CPU on every request. */
                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = in.read(buffer, offset, length);
                    return n < 0 ? n : count(n);
                }

                private int count(int n) throws IOException {
                    read += n;
                    if (read > MAX_BYTES) {
                        throw new IOException("request body larger than " + MAX_BYTES + " bytes");
                    }
                    return n;
                }

                @Override
                public boolean isFinished() {
                    return in.isFinished();
                }

                @Override
                public boolean isReady() {
                    return in.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    in.setReadListener(listener);
                }
            };
        }
    }
}
