package dev.latchkey.spring.oidc;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.spi.UserDirectory;
import dev.latchkey.spring.web.LatchkeyAuthentication;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Function;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Signs access tokens with the current ES256 key and ID tokens with the client's algorithm (RS256 unless it
 * registered ES256), and gives ID tokens the claims of SPEC §11:
 * {@code auth_time} and {@code amr} of the Latchkey sign-in, and the user's {@code email} and
 * {@code phone_number} (verified: a link or code to them signed the person in) by scope. Spring Security
 * adds {@code iss}, {@code sub}, {@code aud}, {@code exp}, {@code iat}, {@code nonce} and {@code sid}.
 * {@code /userinfo} answers the same claims, filtered by scope. A refresh first re-checks the account
 * (SPEC §2 rule 13): a disabled or vetoed user's sessions end and the refresh is refused.
 */
public final class TokenClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {
    private final Function<JWSAlgorithm, JWK> signingKey;
    private final UserDirectory users;
    private final Predicate<UserId> mayContinue;

    /** @param mayContinue whether the user's sessions may go on; ends them when not */
    /** @param signingKey the key that signs with an algorithm now */
    public TokenClaims(Function<JWSAlgorithm, JWK> signingKey, UserDirectory users, Predicate<UserId> mayContinue) {
        this.signingKey = signingKey;
        this.users = users;
        this.mayContinue = mayContinue;
    }

    @Override
    public void customize(JwtEncodingContext context) {
        boolean idToken = OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue());
        SignatureAlgorithm algorithm = idToken
                ? context.getRegisteredClient().getTokenSettings().getIdTokenSignatureAlgorithm() : SignatureAlgorithm.ES256;
        context.getJwsHeader().algorithm(algorithm)
                .keyId(signingKey.apply(JWSAlgorithm.parse(algorithm.getName())).getKeyID());
        if (AuthorizationGrantType.REFRESH_TOKEN.equals(context.getAuthorizationGrantType())
                && OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())
                && !mayContinue.test(new UserId(context.getPrincipal().getName()))) {
            throw new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT,
                    "The account can no longer sign in.", null));
        }
        if (!idToken) {
            return;
        }
        JwtClaimsSet.Builder claims = context.getClaims();
        Authentication principal = context.getPrincipal();
        if (principal instanceof LatchkeyAuthentication latchkey) {
            claims.claim("auth_time", Date.from(latchkey.signedInAt()));
            claims.claim("amr", latchkey.method().amr());
        }
        Set<String> scopes = context.getAuthorizedScopes();
        Optional<User> user = users.findById(new UserId(principal.getName()));
        user.map(User::email).filter(email -> scopes.contains(OidcScopes.EMAIL)).ifPresent(email -> claims
                .claim("email", email.value()).claim("email_verified", true));
        user.map(User::phone).filter(phone -> scopes.contains(OidcScopes.PHONE)).ifPresent(phone -> claims
                .claim("phone_number", phone.value()).claim("phone_number_verified", true));
    }
}
