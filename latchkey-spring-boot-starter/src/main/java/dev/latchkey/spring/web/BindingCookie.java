package dev.latchkey.spring.web;

import dev.latchkey.core.secret.BindingSecret;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseCookie;

/**
 * The {@code HttpOnly} cookie that ties a link to the browser that asked for it (SPEC §4.3). Only
 * its digest is stored on the challenge.
 */
public final class BindingCookie {
    static final String NAME = "latchkey_binding";

    private final boolean secure;
    private final Duration maxAge;

    public BindingCookie(boolean secure, Duration maxAge) {
        this.secure = secure;
        this.maxAge = maxAge;
    }

    public void write(HttpServletResponse response, BindingSecret secret) {
        ResponseCookie cookie = ResponseCookie.from(NAME, secret.reveal())
                .httpOnly(true).secure(secure).sameSite("Lax").path("/").maxAge(maxAge).build();
        response.addHeader("Set-Cookie", cookie.toString());
    }

    public @Nullable BindingSecret read(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (NAME.equals(cookie.getName()) && !cookie.getValue().isBlank()) {
                return BindingSecret.fromCookie(cookie.getValue());
            }
        }
        return null;
    }
}
