package dev.latchkey.server.admin;

import dev.latchkey.core.Latchkey;
import dev.latchkey.core.config.LatchkeyConfig;
import dev.latchkey.core.spi.AuditEventStore;
import dev.latchkey.core.usecase.Administration;
import dev.latchkey.spring.api.ApiRequestFilter;
import dev.latchkey.spring.api.JsonAuthenticationEntryPoint;
import dev.latchkey.spring.api.SigningKeys;
import dev.latchkey.spring.oidc.ClientRegistrations;
import dev.latchkey.spring.oidc.OidcAccessTokens;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.preauth.AbstractPreAuthenticatedProcessingFilter;

/**
 * Who may call {@code /api/admin/**} (SPEC §12): only bearers of an access token this server's OpenID
 * Provider issued with the {@code client_credentials} grant and scope {@code latchkey.admin}. No
 * session, no CSRF; 401 and 403 answer in the JSON API's error shape.
 */
@Configuration(proxyBeanMethods = false)
class AdminSecurityConfiguration {
    private static final String INSUFFICIENT_SCOPE = "{\"error\":\"insufficient_scope\",\"detail\":\"This call needs an"
            + " access token issued to a client with the client_credentials grant and scope "
            + ClientRegistrations.ADMIN_SCOPE + ".\"}";

    @Bean
    Administration latchkeyAdministration(Latchkey latchkey, AuditEventStore trail) {
        return latchkey.administration(trail);
    }

    /** After the OpenID Provider's chain (which matches only its endpoints), before the JSON API's. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 35)
    SecurityFilterChain latchkeyAdminFilterChain(HttpSecurity http, SigningKeys keys, LatchkeyConfig config, Clock clock)
            throws Exception {
        JsonAuthenticationEntryPoint entryPoint = new JsonAuthenticationEntryPoint();
        AccessDeniedHandler insufficientScope = (request, response, denied) -> {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setHeader("WWW-Authenticate", "Bearer error=\"insufficient_scope\", scope=\""
                    + ClientRegistrations.ADMIN_SCOPE + "\"");
            response.setContentType("application/json");
            response.getOutputStream().write(INSUFFICIENT_SCOPE.getBytes(StandardCharsets.UTF_8));
        };
        return http.securityMatcher("/api/admin/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(requests -> requests.anyRequest().access(AdminSecurityConfiguration::adminClient))
                .oauth2ResourceServer(resource -> resource
                        .jwt(jwt -> jwt.decoder(OidcAccessTokens.decoder(keys, OidcAccessTokens.issuer(config), clock)))
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(insufficientScope))
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint).accessDeniedHandler(insufficientScope))
                .addFilterBefore(new ApiRequestFilter(), AbstractPreAuthenticatedProcessingFilter.class)
                .build();
    }

    /**
     * A token with scope {@code latchkey.admin} that a client was issued for itself: its subject is its only
     * audience, which no person's token (whose subject is the person) has.
     */
    private static AuthorizationDecision adminClient(Supplier<? extends Authentication> authentication,
                                                     RequestAuthorizationContext context) {
        if (!(authentication.get() instanceof JwtAuthenticationToken token)) {
            return new AuthorizationDecision(false);
        }
        Jwt jwt = token.getToken();
        List<String> audience = jwt.getAudience();
        boolean forItself = audience != null && audience.size() == 1 && audience.get(0).equals(jwt.getSubject());
        boolean scoped = token.getAuthorities().stream()
                .anyMatch(granted -> ("SCOPE_" + ClientRegistrations.ADMIN_SCOPE).equals(granted.getAuthority()));
        return new AuthorizationDecision(forItself && scoped);
    }
}
