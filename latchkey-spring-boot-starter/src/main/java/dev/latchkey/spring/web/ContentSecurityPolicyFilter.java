package dev.latchkey.spring.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sends a Content-Security-Policy with a fresh nonce per response: no inline script except one
 * carrying the nonce (SPEC §2 rule 12). Templates read the nonce from request attribute
 * {@value #NONCE_ATTRIBUTE}.
 */
public final class ContentSecurityPolicyFilter extends OncePerRequestFilter {
    /** Request attribute holding this response's script nonce. */
    public static final String NONCE_ATTRIBUTE = "latchkeyCspNonce";

    private final SecureRandom random = new SecureRandom();
    private final String formTargets;

    /** @param redirectHosts hosts a form may end up on after sign-in (the allowed {@code next} hosts) */
    public ContentSecurityPolicyFilter(Collection<String> redirectHosts) {
        this(redirectHosts, List.of());
    }

    /**
     * @param redirectHosts hosts a form may end up on after sign-in (the allowed {@code next} hosts)
     * @param redirectOrigins further CSP sources a sign-in may redirect to, e.g. {@code https://shop.example.com}
     *     for an OpenID Connect client's redirect URI
     */
    public ContentSecurityPolicyFilter(Collection<String> redirectHosts, Collection<String> redirectOrigins) {
        // Chromium applies form-action to the redirects that follow a POST, so where they may lead is listed too.
        this.formTargets = Stream.concat(redirectHosts.stream().map(h -> " https://" + h + " http://" + h),
                redirectOrigins.stream().map(o -> " " + o)).collect(Collectors.joining());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String nonce = Base64.getEncoder().encodeToString(bytes);
        request.setAttribute(NONCE_ATTRIBUTE, nonce);
        response.setHeader("Content-Security-Policy", "default-src 'self'; script-src 'nonce-" + nonce + "'; "
                + "style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                + "frame-ancestors 'none'; form-action 'self'" + formTargets);
        chain.doFilter(request, response);
    }
}
