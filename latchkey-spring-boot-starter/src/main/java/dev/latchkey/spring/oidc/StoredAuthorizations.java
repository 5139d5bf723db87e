package dev.latchkey.spring.oidc;

import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.oidc.OidcGrant;
import dev.latchkey.core.oidc.OidcGrantMatch;
import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.spi.OidcStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * Authorizations in Latchkey's {@link OidcStore}, shared by every instance, holding digests where
 * Spring Security's own JDBC service would keep token values (SPEC §11: "hashed").
 *
 * <p>A token is found by the digest of the value presented; the authorization handed back carries that
 * one value again, so Spring Security's checks work unchanged, while every other token in it holds only
 * its digest. Presenting a refresh token that a refresh has already replaced deletes the whole
 * authorization: someone holds a copy (OAuth 2.0 Security BCP, refresh token rotation).
 */
public final class StoredAuthorizations implements OAuth2AuthorizationService {
    /** How long an authorization that holds no token yet (waiting for consent) is kept. */
    private static final Duration PENDING = Duration.ofMinutes(10);
    private static final OAuth2TokenType CODE = new OAuth2TokenType(OAuth2ParameterNames.CODE);
    private static final OAuth2TokenType STATE = new OAuth2TokenType(OAuth2ParameterNames.STATE);
    private static final OAuth2TokenType ID_TOKEN = new OAuth2TokenType(OidcParameterNames.ID_TOKEN);
    private static final List<Class<? extends OAuth2Token>> TOKENS = List.of(OAuth2AuthorizationCode.class,
            OAuth2AccessToken.class, OAuth2RefreshToken.class, OidcIdToken.class);

    private final OidcStore store;
    private final Clock clock;
    private final Consumer<UserId> onRefreshReuse;

    /** @param onRefreshReuse told whose authorization ended because a replaced refresh token came back */
    public StoredAuthorizations(OidcStore store, Clock clock, Consumer<UserId> onRefreshReuse) {
        this.store = store;
        this.clock = clock;
        this.onRefreshReuse = onRefreshReuse;
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        OAuth2Authorization.Builder stored = OAuth2Authorization.from(authorization);
        Set<Digest> digests = new HashSet<>();
        Instant expiresAt = null;
        for (Class<? extends OAuth2Token> type : TOKENS) {
            OAuth2Authorization.Token<? extends OAuth2Token> token = authorization.getToken(type);
            if (token != null) {
                stored.token(withValue(token.getToken(), TokenDigests.storedForm(token.getToken().getTokenValue())));
                digests.add(TokenDigests.of(token.getToken().getTokenValue()));
                Instant end = token.getToken().getExpiresAt();
                if (end != null && (expiresAt == null || end.isAfter(expiresAt))) {
                    expiresAt = end;
                }
            }
        }
        String state = authorization.getAttribute(OAuth2ParameterNames.STATE);
        if (state != null) {
            stored.attribute(OAuth2ParameterNames.STATE, TokenDigests.storedForm(state));
            digests.add(TokenDigests.of(state));
        }
        OAuth2Authorization.Token<OAuth2RefreshToken> refresh = authorization.getRefreshToken();
        store.saveGrant(new OidcGrant(authorization.getId(), authorization.getRegisteredClientId(),
                new UserId(authorization.getPrincipalName()), Payloads.write(stored.build()),
                refresh == null ? null : TokenDigests.of(refresh.getToken().getTokenValue()), digests,
                expiresAt == null ? clock.instant().plus(PENDING) : expiresAt));
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        store.deleteGrant(authorization.getId());
    }

    @Override
    public @Nullable OAuth2Authorization findById(String id) {
        return store.findGrant(id).flatMap(StoredAuthorizations::read).orElse(null);
    }

    @Override
    public @Nullable OAuth2Authorization findByToken(String token, @Nullable OAuth2TokenType tokenType) {
        Optional<OidcGrantMatch> match = store.findGrantByDigest(TokenDigests.of(token));
        if (match.isEmpty()) {
            return null;
        }
        OidcGrant grant = match.get().grant();
        if (match.get().retired()) {
            if (tokenType == null || OAuth2TokenType.REFRESH_TOKEN.equals(tokenType)) {
                store.deleteGrant(grant.id());
                onRefreshReuse.accept(grant.user());
            }
            return null;
        }
        return read(grant).map(authorization -> presented(authorization, token, tokenType)).orElse(null);
    }

    /** {@code authorization} with the presented value back in the token it belongs to, or null if of another type. */
    private static @Nullable OAuth2Authorization presented(OAuth2Authorization authorization, String value,
                                                           @Nullable OAuth2TokenType type) {
        String stored = TokenDigests.storedForm(value);
        if (stored.equals(authorization.getAttribute(OAuth2ParameterNames.STATE))) {
            return type == null || STATE.equals(type)
                    ? OAuth2Authorization.from(authorization).attribute(OAuth2ParameterNames.STATE, value).build() : null;
        }
        for (Class<? extends OAuth2Token> tokenClass : TOKENS) {
            OAuth2Authorization.Token<? extends OAuth2Token> token = authorization.getToken(tokenClass);
            if (token != null && stored.equals(token.getToken().getTokenValue())) {
                return type == null || type.equals(typeOf(tokenClass))
                        ? OAuth2Authorization.from(authorization).token(withValue(token.getToken(), value)).build() : null;
            }
        }
        return null;
    }

    private static OAuth2TokenType typeOf(Class<? extends OAuth2Token> tokenClass) {
        if (tokenClass == OAuth2AuthorizationCode.class) {
            return CODE;
        }
        if (tokenClass == OAuth2AccessToken.class) {
            return OAuth2TokenType.ACCESS_TOKEN;
        }
        return tokenClass == OAuth2RefreshToken.class ? OAuth2TokenType.REFRESH_TOKEN : ID_TOKEN;
    }

    /** A copy of {@code token} holding {@code value}; the authorization keeps the token's metadata. */
    private static OAuth2Token withValue(OAuth2Token token, String value) {
        if (token instanceof OAuth2AuthorizationCode code) {
            return new OAuth2AuthorizationCode(value, code.getIssuedAt(), code.getExpiresAt());
        }
        if (token instanceof OAuth2AccessToken access) {
            return new OAuth2AccessToken(access.getTokenType(), value, access.getIssuedAt(), access.getExpiresAt(),
                    access.getScopes());
        }
        if (token instanceof OAuth2RefreshToken refresh) {
            return new OAuth2RefreshToken(value, refresh.getIssuedAt(), refresh.getExpiresAt());
        }
        if (token instanceof OidcIdToken id) {
            return new OidcIdToken(value, id.getIssuedAt(), id.getExpiresAt(), id.getClaims());
        }
        throw new IllegalArgumentException("Latchkey's OpenID Provider issues no " + token.getClass().getSimpleName());
    }

    private static Optional<OAuth2Authorization> read(OidcGrant grant) {
        try {
            return Optional.of(Payloads.read(grant.payload(), OAuth2Authorization.class));
        } catch (Payloads.StalePayloadException e) {
            return Optional.empty();
        }
    }
}
