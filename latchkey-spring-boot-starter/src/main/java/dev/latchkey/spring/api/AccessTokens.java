package dev.latchkey.spring.api;

import dev.latchkey.core.identity.User;
import dev.latchkey.core.session.ApiSession;
import dev.latchkey.core.session.ApiSessions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * Access tokens: ES256 JWTs made and checked by Spring Security's Nimbus support, never by hand.
 * Claims: {@code iss} (the base URL), {@code sub}, {@code sid}, {@code iat}, {@code exp},
 * {@code amr}, {@code email}/{@code phone}. Any resource server can check them against the JWKS;
 * Latchkey's own endpoints also refuse tokens whose session has ended.
 */
public final class AccessTokens {
    private final SigningKeys keys;
    private final NimbusJwtEncoder encoder;
    private final String issuer;
    private final Duration ttl;
    private final Clock clock;

    public AccessTokens(SigningKeys keys, String issuer, Duration ttl, Clock clock) {
        this.keys = keys;
        this.encoder = new NimbusJwtEncoder((selector, context) -> List.of(keys.current()));
        this.issuer = issuer;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** A signed access token for {@code user} in {@code session}. */
    public Jwt issue(User user, ApiSession session) {
        Instant now = clock.instant();
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .issuer(issuer).subject(user.id().value()).issuedAt(now).expiresAt(now.plus(ttl))
                .claim("sid", session.id()).claim("amr", session.method().amr());
        if (user.email() != null) {
            claims.claim("email", user.email().value());
        }
        if (user.phone() != null) {
            claims.claim("phone", user.phone().value());
        }
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.ES256).keyId(keys.current().getKeyID()).build();
        return encoder.encode(JwtEncoderParameters.from(header, claims.build()));
    }

    public long ttlSeconds() {
        return ttl.toSeconds();
    }

    /** Checks signature, issuer, expiry and that the token's session is still active. */
    public JwtDecoder decoder(ApiSessions sessions) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(keys::select).jwsAlgorithm(SignatureAlgorithm.ES256)
                .build();
        JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ZERO);
        timestamps.setClock(clock);
        OAuth2TokenValidator<Jwt> activeSession = jwt -> {
            String sid = jwt.getClaimAsString("sid");
            return sid != null && sessions.active(sid).isPresent()
                    ? OAuth2TokenValidatorResult.success()
                    : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "The session has ended.", null));
        };
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(timestamps, new JwtIssuerValidator(issuer), activeSession));
        return decoder;
    }
}
