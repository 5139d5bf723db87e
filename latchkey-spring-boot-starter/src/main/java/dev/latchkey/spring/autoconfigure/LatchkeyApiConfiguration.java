package dev.latchkey.spring.autoconfigure;

import com.nimbusds.jose.jwk.JWK;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.config.LatchkeyConfig;
import dev.latchkey.core.session.ApiSessions;
import dev.latchkey.core.session.SealedSigningKeyStore;
import dev.latchkey.core.usecase.FreshSignIn;
import dev.latchkey.core.spi.SigningKeyStore;
import dev.latchkey.core.spi.UserDirectory;
import dev.latchkey.spring.LatchkeyProperties;
import dev.latchkey.spring.api.AccessTokens;
import dev.latchkey.spring.api.ApiErrorAttributes;
import dev.latchkey.spring.api.ApiRequestFilter;
import dev.latchkey.spring.api.ApiExceptionHandler;
import dev.latchkey.spring.api.AuthApiController;
import dev.latchkey.spring.api.JsonAuthenticationEntryPoint;
import dev.latchkey.spring.api.JwksController;
import dev.latchkey.spring.api.SigningKeys;
import dev.latchkey.spring.web.LatchkeyConfigurer;
import dev.latchkey.spring.web.LatchkeySecurityFilterChain;
import dev.latchkey.spring.web.NextUrlPolicy;
import dev.latchkey.spring.web.WebRequests;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.authentication.preauth.AbstractPreAuthenticatedProcessingFilter;

/** The JSON API of SPEC §5 and the JWKS, behind a stateless filter chain that checks Bearer tokens. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({JwtDecoder.class, JWK.class, BearerTokenAuthenticationEntryPoint.class})
@ConditionalOnProperty(name = "latchkey.api.enabled", havingValue = "true", matchIfMissing = true)
class LatchkeyApiConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ApiSessions latchkeyApiSessions(Latchkey latchkey, LatchkeyProperties properties) {
        return latchkey.apiSessions(properties.tokens().refreshTtl());
    }

    @Bean
    @ConditionalOnMissingBean
    SigningKeys latchkeySigningKeys(SigningKeyStore store, LatchkeyConfig config, Clock clock,
                                    LatchkeyProperties properties) {
        // Private keys are stored encrypted under latchkey.secret (SPEC §2 rule 18); opening checks them at start-up.
        return new SigningKeys(SealedSigningKeyStore.open(store, config.keys().box()), clock,
                properties.tokens().keyRotation(), properties.tokens().accessTtl());
    }

    @Bean
    @ConditionalOnMissingBean
    AccessTokens latchkeyAccessTokens(SigningKeys keys, LatchkeyConfig config, LatchkeyProperties properties,
                                      Clock clock) {
        return new AccessTokens(keys, config.baseUrl().toString(), properties.tokens().accessTtl(), clock);
    }

    @Bean
    AuthApiController latchkeyAuthApiController(Latchkey latchkey, ApiSessions sessions, AccessTokens tokens,
                                                UserDirectory users, WebRequests requests, NextUrlPolicy nextUrls,
                                                FreshSignIn freshSignIn) {
        return new AuthApiController(latchkey, sessions, tokens, users, requests, nextUrls, freshSignIn);
    }

    @Bean
    JwksController latchkeyJwksController(SigningKeys keys) {
        return new JwksController(keys);
    }

    @Bean
    ApiExceptionHandler latchkeyApiExceptionHandler() {
        return new ApiExceptionHandler();
    }

    /** Errors under {@code /api/} that reach {@code /error} keep the JSON error shape; the application's own wins. */
    @Bean
    @ConditionalOnMissingBean(ErrorAttributes.class)
    ApiErrorAttributes latchkeyErrorAttributes() {
        return new ApiErrorAttributes();
    }

    /** Stateless: no session, no CSRF (no cookies are read), Bearer tokens where an account is needed. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 40)
    LatchkeySecurityFilterChain latchkeyApiFilterChain(HttpSecurity http, AccessTokens tokens, ApiSessions sessions,
                                                       LatchkeyConfig config) throws Exception {
        JsonAuthenticationEntryPoint entryPoint = new JsonAuthenticationEntryPoint();
        http.securityMatcher("/api/auth/**", "/.well-known/jwks.json")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .headers(headers -> headers.httpStrictTransportSecurity(
                        LatchkeyConfigurer.hsts("https".equals(config.baseUrl().getScheme()))))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.GET, "/api/auth/me").authenticated()
                        .requestMatchers(HttpMethod.POST, "/api/auth/logout", "/api/auth/logout-all",
                                "/api/auth/email-change").authenticated()
                        .requestMatchers(HttpMethod.GET, "/api/auth/passkeys").authenticated()
                        .requestMatchers(HttpMethod.POST, "/api/auth/passkeys/register",
                                "/api/auth/passkeys/register/options").authenticated()
                        .requestMatchers(HttpMethod.DELETE, "/api/auth/passkeys/*").authenticated()
                        .anyRequest().permitAll())
                .oauth2ResourceServer(resource -> resource
                        .jwt(jwt -> jwt.decoder(tokens.decoder(sessions)))
                        .authenticationEntryPoint(entryPoint))
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler((request, response, denied) -> {
                            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
                            response.setContentType("application/json");
                            response.getOutputStream().write(
                                    "{\"error\":\"access_denied\",\"detail\":\"Not allowed.\"}".getBytes(StandardCharsets.UTF_8));
                        }))
                .addFilterBefore(new ApiRequestFilter(), AbstractPreAuthenticatedProcessingFilter.class);
        return new LatchkeySecurityFilterChain(http.build());
    }
}
