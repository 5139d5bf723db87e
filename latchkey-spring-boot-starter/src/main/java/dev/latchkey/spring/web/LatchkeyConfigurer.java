package dev.latchkey.spring.web;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * What every filter chain that serves Latchkey's pages or the application's protected pages
 * needs (SPEC §2 rules 12 and 13): the login page as entry point, logout that ends the session,
 * registered sessions so "sign out everywhere" works, {@code X-Frame-Options: DENY},
 * {@code Referrer-Policy: no-referrer}, no-store caching, a nonce-based CSP, and HSTS on every response
 * when the base URL is https (even when a proxy forwards the request as plain http). An application with
 * its own {@code SecurityFilterChain} applies it with {@code http.with(latchkeyConfigurer, c -> {})}.
 */
public final class LatchkeyConfigurer extends AbstractHttpConfigurer<LatchkeyConfigurer, HttpSecurity> {
    private final SessionRegistry sessionRegistry;
    private final ContentSecurityPolicyFilter contentSecurityPolicy;
    private final String afterLogout;
    private final LogoutHandler auditLogout;
    private final boolean https;

    /**
     * @param auditLogout records the sign-out, e.g. as a {@code LOGOUT} audit event
     * @param https whether {@code latchkey.base-url} is https, which turns on HSTS
     */
    public LatchkeyConfigurer(SessionRegistry sessionRegistry, ContentSecurityPolicyFilter contentSecurityPolicy,
                              String afterLogout, LogoutHandler auditLogout, boolean https) {
        this.sessionRegistry = sessionRegistry;
        this.contentSecurityPolicy = contentSecurityPolicy;
        this.afterLogout = afterLogout;
        this.auditLogout = auditLogout;
        this.https = https;
    }

    /**
     * {@code Strict-Transport-Security} on every response when the base URL is https, never otherwise. Spring
     * sends it only on secure requests, which a proxy that ends TLS hides (SPEC §2 rule 13).
     */
    public static Customizer<HeadersConfigurer<HttpSecurity>.HstsConfig> hsts(boolean https) {
        return hsts -> hsts.requestMatcher(request -> https);
    }

    @Override
    public void init(HttpSecurity http) {
        http.exceptionHandling(e -> e.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/login")))
                .logout(logout -> logout.logoutUrl("/logout").addLogoutHandler(auditLogout).logoutSuccessHandler((request, response, auth) -> {
                    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
                    response.setHeader(HttpHeaders.LOCATION, request.getContextPath() + afterLogout);
                }).invalidateHttpSession(true).clearAuthentication(true).permitAll())
                .sessionManagement(sessions -> sessions.sessionFixation(f -> f.changeSessionId())
                        .maximumSessions(-1).sessionRegistry(sessionRegistry).expiredUrl("/login"))
                .headers(headers -> headers
                        .frameOptions(frame -> frame.deny())
                        .httpStrictTransportSecurity(hsts(https))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
    }

    @Override
    public void configure(HttpSecurity http) {
        http.addFilterAfter(contentSecurityPolicy, HeaderWriterFilter.class);
    }
}
