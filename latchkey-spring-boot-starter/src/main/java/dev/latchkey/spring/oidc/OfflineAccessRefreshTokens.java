package dev.latchkey.spring.oidc;

import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.OAuth2RefreshTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * Refresh tokens only where the person granted {@code offline_access} (OpenID Connect Core §11), and
 * never to public clients (Spring Security's generator already refuses those). Each is 96 random bytes.
 */
public final class OfflineAccessRefreshTokens implements OAuth2TokenGenerator<OAuth2RefreshToken> {
    /** The scope that asks for a refresh token. */
    public static final String OFFLINE_ACCESS = "offline_access";

    private final OAuth2RefreshTokenGenerator delegate = new OAuth2RefreshTokenGenerator();

    @Override
    public @Nullable OAuth2RefreshToken generate(OAuth2TokenContext context) {
        if (!OAuth2TokenType.REFRESH_TOKEN.equals(context.getTokenType())
                || !context.getAuthorizedScopes().contains(OFFLINE_ACCESS)) {
            return null;
        }
        return delegate.generate(context);
    }
}
