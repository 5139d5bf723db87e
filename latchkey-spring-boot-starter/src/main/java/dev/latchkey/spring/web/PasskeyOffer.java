package dev.latchkey.spring.web;

import dev.latchkey.core.challenge.AuthMethod;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseCookie;

/**
 * The page after a link or code sign-in that offers "Sign in faster next time: add a passkey"
 * (SPEC §10), in a browser that offers a platform authenticator: the sign-in page's script asks
 * {@code PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable()} and, when it is,
 * has the server set a cookie saying so. The target of the sign-in waits in the session, so the
 * offer never carries a redirect in its URL. A browser that skipped the offer, or added a passkey,
 * is not asked again for 30 days (another cookie). Both cookies are {@code HttpOnly} and hold no
 * secret.
 */
public final class PasskeyOffer {
    /** Where the offer page lives. */
    public static final String PATH = "/account/passkeys/offer";
    static final String COOKIE = "latchkey_passkey_offer";
    static final String CAPABLE = "latchkey_passkey_capable";
    static final Duration REMEMBER = Duration.ofDays(30);
    private static final String TARGET = PasskeyOffer.class.getName() + ".target";

    private final boolean secure;

    /** @param secure whether cookies carry {@code Secure} (an https base URL) */
    public PasskeyOffer(boolean secure) {
        this.secure = secure;
    }

    /** Where a browser goes after signing in with {@code method}: the offer, or {@code target} when it is not due. */
    String after(AuthMethod method, String target, HttpServletRequest request) {
        if (method.passkey() || !has(request, CAPABLE) || has(request, COOKIE)) {
            return target;
        }
        request.getSession().setAttribute(TARGET, target);
        return PATH;
    }

    /** The sign-in's target, which the offer page continues to; null when no offer is open. */
    @Nullable String target(HttpSession session) {
        return session.getAttribute(TARGET) instanceof String target ? target : null;
    }

    /** Notes that this browser offers a platform authenticator, so the offer is due after its next sign-in. */
    void capable(HttpServletResponse response) {
        remember(response, CAPABLE, "yes");
    }

    /** Closes the offer: this browser is not asked again for 30 days. Returns where to go now. */
    @Nullable String close(HttpServletRequest request, HttpServletResponse response) {
        remember(response, COOKIE, "closed");
        HttpSession session = request.getSession(false);
        if (session == null) {
            return null;
        }
        String target = target(session);
        session.removeAttribute(TARGET);
        return target;
    }

    private void remember(HttpServletResponse response, String name, String value) {
        response.addHeader("Set-Cookie", ResponseCookie.from(name, value).httpOnly(true).secure(secure)
                .sameSite("Lax").path("/").maxAge(REMEMBER).build().toString());
    }

    private static boolean has(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (name.equals(cookie.getName())) {
                    return true;
                }
            }
        }
        return false;
    }
}
