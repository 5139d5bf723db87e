package dev.latchkey.spring.oidc;

import dev.latchkey.core.config.LatchkeyConfig;
import dev.latchkey.spring.api.AccessTokens;
import dev.latchkey.spring.api.SigningKeys;
import java.time.Clock;
import java.util.List;
import org.springframework.security.oauth2.jwt.JwtDecoder;

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
        return AccessTokens.decoder(keys, issuer, clock, List.of());
    }
}
