package dev.latchkey.spring.web;

import dev.latchkey.core.challenge.AuthMethod;
import dev.latchkey.core.identity.User;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.CompositeSessionAuthenticationStrategy;
import org.springframework.security.web.authentication.session.RegisterSessionAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

/**
 * Turns a redeemed challenge into a Spring Security session: a new session id (fixation, SPEC §2
 * rule 13), the session registered so "sign out everywhere" can end it, and the redirect target.
 */
public final class WebSignIn {
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
    private final RequestCache requestCache = new HttpSessionRequestCache();
    private final SessionAuthenticationStrategy sessions;
    private final NextUrlPolicy nextUrls;
    private final Clock clock;
    private final @Nullable PasskeyOffer passkeyOffer;

    /** @param passkeyOffer the offer to add a passkey after a link or code sign-in, or null when passkeys are off */
    public WebSignIn(SessionRegistry registry, NextUrlPolicy nextUrls, Clock clock, @Nullable PasskeyOffer passkeyOffer) {
        this.sessions = new CompositeSessionAuthenticationStrategy(List.of(
                new ChangeSessionIdAuthenticationStrategy(), new RegisterSessionAuthenticationStrategy(registry)));
        this.nextUrls = nextUrls;
        this.clock = clock;
        this.passkeyOffer = passkeyOffer;
    }

    /**
     * Signs {@code user} in on this browser and returns where to send it: a valid {@code next},
     * else the saved request, else {@code latchkey.redirect.after-login}; after a link or code, the
     * passkey offer comes first when it is due.
     */
    public String signIn(User user, AuthMethod method, @Nullable String next, HttpServletRequest request,
                         HttpServletResponse response) {
        String target = establish(user, method, next, request, response);
        return passkeyOffer == null ? target : passkeyOffer.after(method, target, request);
    }

    private String establish(User user, AuthMethod method, @Nullable String next, HttpServletRequest request,
                          HttpServletResponse response) {
        LatchkeyAuthentication authentication = new LatchkeyAuthentication(LatchkeyUser.of(user), method, clock.instant());
        sessions.onAuthentication(authentication, request, response);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        return nextUrls.validate(next).orElseGet(() -> {
            SavedRequest saved = requestCache.getRequest(request, response);
            if (saved == null) {
                return nextUrls.afterLogin();
            }
            requestCache.removeRequest(request, response);
            return saved.getRedirectUrl();
        });
    }
}
