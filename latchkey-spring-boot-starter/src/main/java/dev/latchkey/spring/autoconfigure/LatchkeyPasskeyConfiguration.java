package dev.latchkey.spring.autoconfigure;

import com.nimbusds.jose.jwk.JWK;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.config.LatchkeyConfig;
import dev.latchkey.core.spi.PasskeyStore;
import dev.latchkey.core.spi.UserDirectory;
import dev.latchkey.core.usecase.Passkeys;
import dev.latchkey.spring.LatchkeyProperties;
import dev.latchkey.spring.api.AccessTokens;
import dev.latchkey.spring.api.PasskeyApiController;
import dev.latchkey.spring.passkey.LatchkeyRelyingParty;
import dev.latchkey.spring.passkey.PasskeyCredentials;
import dev.latchkey.spring.passkey.PasskeyUserEntities;
import dev.latchkey.spring.web.PasskeyOffer;
import dev.latchkey.spring.web.PasskeyPageModel;
import dev.latchkey.spring.web.PasskeyPagesController;
import dev.latchkey.spring.web.WebRequests;
import dev.latchkey.spring.web.WebSignIn;
import dev.latchkey.core.session.ApiSessions;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.management.Webauthn4JRelyingPartyOperations;

/**
 * Passkeys (SPEC §10) on Spring Security's WebAuthn support: the relying party (id = host of
 * {@code latchkey.base-url}, origins = its origin plus {@code passkeys.allowed-origins}, name =
 * {@code app-name}), the pages and the JSON API. Off with {@code latchkey.passkeys.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(Webauthn4JRelyingPartyOperations.class)
@ConditionalOnProperty(name = "latchkey.passkeys.enabled", havingValue = "true", matchIfMissing = true)
class LatchkeyPasskeyConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Passkeys latchkeyPasskeys(Latchkey latchkey, LatchkeyProperties properties) {
        return latchkey.passkeys(properties.passkeys().freshLogin());
    }

    @Bean
    @ConditionalOnMissingBean
    LatchkeyRelyingParty latchkeyRelyingParty(Passkeys passkeys, PasskeyStore store, UserDirectory users,
                                              LatchkeyConfig config, LatchkeyProperties properties) {
        URI base = config.baseUrl();
        Set<String> origins = new LinkedHashSet<>();
        origins.add(base.getScheme() + "://" + base.getHost() + (base.getPort() < 0 ? "" : ":" + base.getPort()));
        origins.addAll(properties.passkeys().allowedOrigins());
        UserVerificationRequirement verification =
                properties.passkeys().userVerification() == LatchkeyProperties.Passkeys.UserVerification.REQUIRED
                        ? UserVerificationRequirement.REQUIRED : UserVerificationRequirement.PREFERRED;
        Webauthn4JRelyingPartyOperations operations = new Webauthn4JRelyingPartyOperations(
                new PasskeyUserEntities(passkeys, store, users), new PasskeyCredentials(store),
                PublicKeyCredentialRpEntity.builder().id(base.getHost()).name(config.appName()).build(), origins);
        // A passkey is a discoverable credential: one touch signs in without typing the address first.
        operations.setCustomizeCreationOptions(options -> options.timeout(Passkeys.CEREMONY_TTL)
                .authenticatorSelection(AuthenticatorSelectionCriteria.builder().userVerification(verification)
                        .residentKey(ResidentKeyRequirement.REQUIRED).build()));
        operations.setCustomizeRequestOptions(options -> options.timeout(Passkeys.CEREMONY_TTL)
                .userVerification(verification));
        return new LatchkeyRelyingParty(operations, base.getHost(), origins,
                verification == UserVerificationRequirement.REQUIRED);
    }

    /** The pages: the offer after a link or code sign-in, the account's passkeys, sign-in on {@code /login}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(SecurityFilterChain.class)
    static class Pages {

        @Bean
        @ConditionalOnMissingBean
        PasskeyOffer latchkeyPasskeyOffer(LatchkeyConfig config) {
            return new PasskeyOffer("https".equals(config.baseUrl().getScheme()));
        }

        @Bean
        PasskeyPagesController latchkeyPasskeyPagesController(Passkeys passkeys, LatchkeyRelyingParty relyingParty,
                                                               WebRequests requests, WebSignIn webSignIn,
                                                               PasskeyOffer offer, LatchkeyProperties properties) {
            return new PasskeyPagesController(passkeys, relyingParty, requests, webSignIn, offer,
                    properties.redirect().afterLogin());
        }

        @Bean
        PasskeyPageModel latchkeyPasskeyPageModel(Passkeys passkeys, WebRequests requests) {
            return new PasskeyPageModel(passkeys, requests);
        }
    }

    /** The JSON API's passkey endpoints, alongside the rest of {@code /api/auth}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass({JwtDecoder.class, JWK.class})
    @ConditionalOnProperty(name = "latchkey.api.enabled", havingValue = "true", matchIfMissing = true)
    static class Api {

        @Bean
        PasskeyApiController latchkeyPasskeyApiController(Passkeys passkeys, LatchkeyRelyingParty relyingParty,
                                                          ApiSessions sessions, AccessTokens tokens,
                                                          WebRequests requests) {
            return new PasskeyApiController(passkeys, relyingParty, sessions, tokens, requests);
        }
    }
}
