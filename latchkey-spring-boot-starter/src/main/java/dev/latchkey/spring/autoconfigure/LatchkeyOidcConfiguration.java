package dev.latchkey.spring.autoconfigure;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.config.LatchkeyConfig;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.spi.OidcStore;
import dev.latchkey.core.spi.UserDirectory;
import dev.latchkey.spring.LatchkeyProperties;
import dev.latchkey.spring.api.SigningKeys;
import dev.latchkey.spring.oidc.ClientRegistrations;
import dev.latchkey.spring.oidc.CodeIssuedResponse;
import dev.latchkey.spring.oidc.OidcAccessTokens;
import dev.latchkey.spring.oidc.OfflineAccessRefreshTokens;
import dev.latchkey.spring.oidc.StoredAuthorizations;
import dev.latchkey.spring.oidc.StoredClients;
import dev.latchkey.spring.oidc.StoredConsents;
import dev.latchkey.spring.oidc.TokenClaims;
import dev.latchkey.spring.web.LatchkeyAuthentication;
import dev.latchkey.spring.web.LatchkeyConfigurer;
import dev.latchkey.spring.web.LatchkeySecurityFilterChain;
import dev.latchkey.spring.web.WebRequests;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.oidc.web.authentication.OidcLogoutAuthenticationSuccessHandler;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.logout.CompositeLogoutHandler;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * The OpenID Provider of SPEC §11 on Spring Security's authorization server, with
 * {@code latchkey.oidc.enabled=true}: discovery, authorize (Latchkey's {@code /login} is its login
 * step), token, userinfo, JWKS (the API's own ES256 keys), revocation and RP-initiated logout. Clients
 * come from {@code latchkey.oidc.clients[N]}; they, the authorizations and the consents live in the
 * {@link OidcStore}, so every instance serves every step.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({OAuth2Authorization.class, JwtDecoder.class, JWK.class})
@ConditionalOnProperty(name = "latchkey.oidc.enabled", havingValue = "true")
class LatchkeyOidcConfiguration {

    /** The configured clients, saved to the store at start-up; a client removed from the settings is unknown. */
    @Bean
    StoredClients latchkeyOidcClients(OidcStore store, LatchkeyProperties properties) {
        Set<String> configured = properties.oidc().clients().stream()
                .map(LatchkeyProperties.OidcClient::clientId).collect(Collectors.toSet());
        StoredClients clients = new StoredClients(store, configured);
        ClientRegistrations.of(properties.oidc().clients(), PasswordEncoderFactories.createDelegatingPasswordEncoder(),
                properties.tokens().accessTtl(), properties.tokens().refreshTtl()).forEach(clients::save);
        return clients;
    }

    @Bean
    StoredAuthorizations latchkeyOidcAuthorizations(OidcStore store, Clock clock, Latchkey latchkey) {
        return new StoredAuthorizations(store, clock, latchkey::clientRefreshReused);
    }

    @Bean
    StoredConsents latchkeyOidcConsents(OidcStore store) {
        return new StoredConsents(store);
    }

    /** Before Latchkey's API and page chains: it matches only the provider's own endpoints. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 30)
    LatchkeySecurityFilterChain latchkeyOidcFilterChain(HttpSecurity http, StoredClients clients,
                                                        StoredAuthorizations authorizations, StoredConsents consents,
                                                        SigningKeys keys, UserDirectory users, Latchkey latchkey,
                                                        WebRequests requests, LatchkeyConfig config, Clock clock)
            throws Exception {
        String issuer = OidcAccessTokens.issuer(config);
        JWKSource<SecurityContext> jwks = (selector, context) -> selector.select(signingAndPublished(keys));
        JwtGenerator tokens = new JwtGenerator(new NimbusJwtEncoder(jwks));
        tokens.setJwtCustomizer(new TokenClaims(keys::current, users,
                user -> latchkey.sessions().mayContinue(user)));
        OAuth2AccessTokenResponseAuthenticationSuccessHandler tokenResponse =
                new OAuth2AccessTokenResponseAuthenticationSuccessHandler();
        OidcLogoutAuthenticationSuccessHandler logoutResponse = new OidcLogoutAuthenticationSuccessHandler();
        logoutResponse.setLogoutHandler(new CompositeLogoutHandler((request, response, authentication) -> {
            if (SecurityContextHolder.getContext().getAuthentication() instanceof LatchkeyAuthentication signedIn) {
                latchkey.signedOut(signedIn.getPrincipal().userId(), requests.requester(request));
            }
        }, new SecurityContextLogoutHandler()));

        OAuth2AuthorizationServerConfigurer server = new OAuth2AuthorizationServerConfigurer();
        http.setSharedObject(JWKSource.class, jwks);
        http.securityMatcher(server.getEndpointsMatcher())
                .with(server, as -> as
                        .registeredClientRepository(clients)
                        .authorizationService(authorizations)
                        .authorizationConsentService(consents)
                        .authorizationServerSettings(AuthorizationServerSettings.builder().issuer(issuer).build())
                        .tokenGenerator(new DelegatingOAuth2TokenGenerator(tokens, new OfflineAccessRefreshTokens()))
                        .authorizationEndpoint(authorize -> authorize.authorizationResponseHandler(
                                new CodeIssuedResponse((issued, request) -> latchkey.clientAuthorized(
                                        new UserId(issued.getName()), issued.getClientId(), requests.requester(request)))))
                        .tokenEndpoint(token -> token.accessTokenResponseHandler((request, response, authentication) -> {
                            signedInToClient(latchkey, requests, request, authentication);
                            tokenResponse.onAuthenticationSuccess(request, response, authentication);
                        }))
                        .oidc(oidc -> oidc
                                .providerConfigurationEndpoint(discovery -> discovery.providerConfigurationCustomizer(
                                        document -> document
                                                .idTokenSigningAlgorithms(algorithms -> {
                                                    algorithms.clear();
                                                    algorithms.addAll(List.of("RS256", "ES256"));
                                                })
                                                .scopes(scopes -> scopes.addAll(List.of("email", "phone",
                                                        OfflineAccessRefreshTokens.OFFLINE_ACCESS)))))
                                .logoutEndpoint(logout -> logout.logoutResponseHandler(logoutResponse))))
                .authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated())
                .oauth2ResourceServer(resource -> resource.jwt(jwt -> jwt.decoder(OidcAccessTokens.decoder(keys, issuer, clock))))
                // The person signs in on Latchkey's own pages, which bring the browser back to the authorization request.
                .exceptionHandling(exceptions -> exceptions
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
                                PathPatternRequestMatcher.withDefaults().matcher("/oauth2/authorize"))
                        // A client that did not authenticate at all (e.g. a public client without its PKCE verifier)
                        // gets the JSON error of RFC 6749 §5.2, not an empty 401.
                        .defaultAuthenticationEntryPointFor((request, response, failure) -> {
                            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                            response.setContentType("application/json");
                            response.getWriter().write("{\"error\":\"invalid_client\",\"error_description\":"
                                    + "\"The client did not authenticate.\"}");
                        }, PathPatternRequestMatcher.withDefaults().matcher("/oauth2/token")))
                .headers(headers -> headers
                        .frameOptions(frame -> frame.deny())
                        .httpStrictTransportSecurity(LatchkeyConfigurer.hsts("https".equals(config.baseUrl().getScheme())))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
        return new LatchkeySecurityFilterChain(http.build());
    }

    /** {@code LOGIN_SUCCEEDED} with method {@code oidc} when a code became an ID token: the person is in the client. */
    private static void signedInToClient(Latchkey latchkey, WebRequests requests, HttpServletRequest request,
                                         Authentication authentication) {
        if (!"authorization_code".equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE))
                || !(authentication instanceof OAuth2AccessTokenAuthenticationToken issued)
                || !(issued.getAdditionalParameters().get(OidcParameterNames.ID_TOKEN) instanceof String idToken)) {
            return;
        }
        try {
            latchkey.signedInToClient(new UserId(SignedJWT.parse(idToken).getJWTClaimsSet().getSubject()),
                    requests.requester(request));
        } catch (ParseException e) {
            throw new IllegalStateException("the ID token just issued is not a JWT", e);
        }
    }

    /** The keys that sign now (with their private parts) and every other published key (public only). */
    private static JWKSet signingAndPublished(SigningKeys keys) {
        List<JWK> all = new ArrayList<>(keys.signingKeys());
        Set<String> signing = all.stream().map(JWK::getKeyID).collect(Collectors.toSet());
        keys.publicKeys().getKeys().stream().filter(key -> !signing.contains(key.getKeyID())).forEach(all::add);
        return new JWKSet(all);
    }
}
