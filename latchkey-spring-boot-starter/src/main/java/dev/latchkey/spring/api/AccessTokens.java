package dev.latchkey.spring.api;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.session.ApiSession;
import dev.latchkey.core.session.ApiSessions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncodingException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.util.ClassUtils;

/**
 * Access tokens: ES256 JWTs signed by Nimbus JOSE and checked by Spring Security's Nimbus support, never by hand.
 * Claims: {@code iss} (the base URL), {@code sub}, {@code sid}, {@code iat}, {@code exp},
 * {@code amr}, {@code email}/{@code phone}. Any resource server can check them against the JWKS;
 * Latchkey's own endpoints also refuse tokens whose session has ended.
 *
 * <p>Signing was the largest CPU cost of a sign-in (bench profile: about a quarter of the server's CPU on JDK 17).
 * When BouncyCastle is on the class path (the server ships it) it signs, with its own copy of the key, which keeps
 * its table for the curve's base point: one ES256 token took 103 µs against the JDK's 661 µs on JDK 17, and 119 µs
 * against 248 µs on JDK 25. Nimbus is called directly, since Spring's encoder cannot be given a JCA provider.
 */
public final class AccessTokens {
    private final SigningKeys keys;
    private final @Nullable Provider provider = signingProvider();
    private volatile @Nullable KeySigner signer;
    private final String issuer;
    private final Duration ttl;
    private final Clock clock;

    public AccessTokens(SigningKeys keys, String issuer, Duration ttl, Clock clock) {
        this.keys = keys;
        this.issuer = issuer;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** A signed access token for {@code user} in {@code session}, serialized. */
    public String issue(User user, ApiSession session) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer).subject(user.id().value()).issueTime(Date.from(now)).expirationTime(Date.from(now.plus(ttl)))
                .claim("sid", session.id()).claim("amr", session.method().amr());
        if (user.email() != null) {
            claims.claim("email", user.email().value());
        }
        if (user.phone() != null) {
            claims.claim("phone", user.phone().value());
        }
        KeySigner current = signer(keys.current());
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(current.key().getKeyID()).build(),
                claims.build());
        try {
            jwt.sign(current.signer());
        } catch (JOSEException e) {
            throw new JwtEncodingException("could not sign the access token", e);
        }
        return jwt.serialize();
    }

    /** The signer of {@code key}, made again only when the signing key changed. */
    private KeySigner signer(ECKey key) {
        KeySigner last = signer;
        if (last != null && last.key().equals(key)) {
            return last;
        }
        try {
            ECDSASigner made;
            if (provider == null) {
                made = new ECDSASigner(key);
            } else {
                // The provider's own key, read once: from the JWK's key it would rebuild the curve, and redo the
                // comb table of the base point, on every signature (most of the signing time in the bench profile).
                PrivateKey own = KeyFactory.getInstance("EC", provider)
                        .generatePrivate(new PKCS8EncodedKeySpec(key.toECPrivateKey().getEncoded()));
                made = new ECDSASigner(own, Curve.P_256);
                made.getJCAContext().setProvider(provider);
            }
            KeySigner fresh = new KeySigner(key, made);
            signer = fresh;
            return fresh;
        } catch (JOSEException | GeneralSecurityException e) {
            throw new JwtEncodingException("the access token key cannot sign", e);
        }
    }

    /** BouncyCastle when it is on the class path, else null: the JDK's default provider. */
    static @Nullable Provider signingProvider() {
        return ClassUtils.isPresent("org.bouncycastle.jce.provider.BouncyCastleProvider", AccessTokens.class.getClassLoader())
                ? BouncyCastle.PROVIDER : null;
    }

    private record KeySigner(ECKey key, ECDSASigner signer) {}

    /** Loaded only when BouncyCastle is present; one provider instance, never registered with the JVM. */
    private static final class BouncyCastle {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }

    public long ttlSeconds() {
        return ttl.toSeconds();
    }

    /** Checks signature, issuer, expiry and that the token's session is still active. */
    public JwtDecoder decoder(ApiSessions sessions) {
        OAuth2TokenValidator<Jwt> activeSession = jwt -> {
            String sid = jwt.getClaimAsString("sid");
            return sid != null && sessions.active(sid).isPresent()
                    ? OAuth2TokenValidatorResult.success()
                    : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "The session has ended.", null));
        };
        return decoder(keys, issuer, clock, List.of(activeSession));
    }

    /**
     * Checks the signature (ES256 under {@code keys}), {@code issuer} and expiry at the time of {@code clock}, then
     * {@code more}: for the JSON API's tokens and for those the OpenID Provider issues.
     */
    public static JwtDecoder decoder(SigningKeys keys, String issuer, Clock clock, List<OAuth2TokenValidator<Jwt>> more) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(keys::select).jwsAlgorithm(SignatureAlgorithm.ES256)
                .build();
        JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ZERO);
        timestamps.setClock(clock);
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>(List.of(timestamps, new JwtIssuerValidator(issuer)));
        validators.addAll(more);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return decoder;
    }
}
