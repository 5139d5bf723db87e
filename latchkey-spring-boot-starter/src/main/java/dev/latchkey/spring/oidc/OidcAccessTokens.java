package dev.latchkey.spring.oidc;

import dev.latchkey.core.config.LatchkeyConfig;
import dev.latchkey.spring.api.SigningKeys;
import java.time.Clock;
import java.time.Duration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The access tokens this OpenID Provider issues, as its own resource servers ({@code /userinfo}, the
 * server's admin API) accept them: ES256 under the store's keys, from this issuer, not expired.
 */
public final class OidcAccessTokens {
    private OidcAccessTokens() {
    }

    /** The issuer ({@code iss}) of this provider's tokens: {@code latchkey.base-url} without a trailing slash. */
    public static String issuer(LatchkeyConfig config) {
        return config.baseUrl().toString().replaceAll("/$", "");
    }

    /** Decodes and validates an access token issued here, at the time of {@code clock}. */
    public static JwtDecoder decoder(SigningKeys keys, String issuer, Clock clock) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(keys::select).jwsAlgorithm(SignatureAlgorithm.ES256)
                .build();
        JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ZERO);
        timestamps.setClock(clock);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(timestamps, new JwtIssuerValidator(issuer)));
        return decoder;
    }
}
