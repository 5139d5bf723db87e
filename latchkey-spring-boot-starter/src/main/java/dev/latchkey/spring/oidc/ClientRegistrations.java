package dev.latchkey.spring.oidc;

import dev.latchkey.core.config.InvalidSettingException;
import dev.latchkey.spring.LatchkeyProperties;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * Turns {@code latchkey.oidc.clients[N]} into registrations with Latchkey's policy (SPEC §11, §12): the
 * authorization-code grant, and client credentials for confidential back offices (the only clients that may hold
 * {@value #ADMIN_SCOPE}), PKCE with {@code S256} required for public clients, rotating refresh
 * tokens for confidential ones, RS256 or ES256 ID tokens. A setting that cannot work stops start-up naming it.
 */
public final class ClientRegistrations {
    /** The scope that opens the admin API (SPEC §12), given only to {@code client_credentials} clients. */
    public static final String ADMIN_SCOPE = "latchkey.admin";
    private static final String AUTHORIZATION_CODE = AuthorizationGrantType.AUTHORIZATION_CODE.getValue();
    private static final String CLIENT_CREDENTIALS = AuthorizationGrantType.CLIENT_CREDENTIALS.getValue();

    private ClientRegistrations() {
    }

    /**
     * @param accessTtl lifetime of access tokens ({@code latchkey.tokens.access-ttl})
     * @param refreshTtl lifetime of refresh tokens ({@code latchkey.tokens.refresh-ttl})
     */
    public static List<RegisteredClient> of(List<LatchkeyProperties.OidcClient> settings, PasswordEncoder secrets,
                                            Duration accessTtl, Duration refreshTtl) {
        List<RegisteredClient> clients = new ArrayList<>();
        for (int i = 0; i < settings.size(); i++) {
            clients.add(of(settings.get(i), "latchkey.oidc.clients[" + i + "].", secrets, accessTtl, refreshTtl));
        }
        return List.copyOf(clients);
    }

    private static RegisteredClient of(LatchkeyProperties.OidcClient client, String property, PasswordEncoder secrets,
                                       Duration accessTtl, Duration refreshTtl) {
        String clientId = client.clientId();
        if (clientId == null || clientId.isBlank()) {
            throw new InvalidSettingException(property + "client-id is required, e.g. shop");
        }
        String secret = client.clientSecret() == null || client.clientSecret().isBlank() ? null : client.clientSecret();
        boolean publicClient = client.publicClient() == null ? secret == null : client.publicClient();
        if (publicClient && secret != null) {
            throw new InvalidSettingException(property + "client-secret must not be set for a public client"
                    + " (public-client=true): such a client cannot keep it secret");
        }
        if (!publicClient && secret == null) {
            throw new InvalidSettingException(property + "client-secret is required for a confidential client,"
                    + " e.g. the output of 'openssl rand -base64 32'; or set public-client=true");
        }
        for (String grant : client.grantTypes()) {
            if (!AUTHORIZATION_CODE.equals(grant) && !CLIENT_CREDENTIALS.equals(grant)) {
                throw new InvalidSettingException(property + "grant-types may hold authorization_code and"
                        + " client_credentials, e.g. client_credentials (was " + grant + ")");
            }
        }
        boolean signsPeopleIn = client.grantTypes().contains(AUTHORIZATION_CODE);
        boolean actsForItself = client.grantTypes().contains(CLIENT_CREDENTIALS);
        if (!signsPeopleIn && !actsForItself) {
            throw new InvalidSettingException(property + "grant-types needs authorization_code or client_credentials,"
                    + " e.g. authorization_code");
        }
        if (actsForItself && publicClient) {
            throw new InvalidSettingException(property + "grant-types=client_credentials needs a confidential client:"
                    + " set client-secret, e.g. to the output of 'openssl rand -base64 32'");
        }
        if (signsPeopleIn && client.scopes().contains(ADMIN_SCOPE)) {
            throw new InvalidSettingException(property + "scopes may hold " + ADMIN_SCOPE + " only with"
                    + " grant-types=client_credentials alone, so that no person's token carries it");
        }
        if (signsPeopleIn && client.redirectUris().isEmpty()) {
            throw new InvalidSettingException(property + "redirect-uris needs at least one URI,"
                    + " e.g. https://shop.example.com/login/oauth2/code/latchkey");
        }
        client.redirectUris().forEach(uri -> checkRedirect(property + "redirect-uris", uri));
        client.postLogoutRedirectUris().forEach(uri -> checkRedirect(property + "post-logout-redirect-uris", uri));
        SignatureAlgorithm idTokens = SignatureAlgorithm.from(client.idTokenSigningAlgorithm());
        if (idTokens != SignatureAlgorithm.RS256 && idTokens != SignatureAlgorithm.ES256) {
            throw new InvalidSettingException(property + "id-token-signing-algorithm must be RS256 or ES256, e.g. RS256"
                    + " (was " + client.idTokenSigningAlgorithm() + ")");
        }
        RegisteredClient.Builder builder = RegisteredClient
                .withId(UUID.nameUUIDFromBytes(("latchkey-oidc:" + clientId).getBytes(StandardCharsets.UTF_8)).toString())
                .clientId(clientId)
                .redirectUris(uris -> uris.addAll(client.redirectUris()))
                .postLogoutRedirectUris(uris -> uris.addAll(client.postLogoutRedirectUris()))
                .scopes(scopes -> scopes.addAll(client.scopes()))
                .clientSettings(ClientSettings.builder().requireProofKey(publicClient)
                        .requireAuthorizationConsent(client.requireConsent()).build())
                .tokenSettings(TokenSettings.builder().idTokenSignatureAlgorithm(idTokens)
                        .accessTokenTimeToLive(accessTtl).refreshTokenTimeToLive(refreshTtl)
                        .reuseRefreshTokens(false).build());
        if (signsPeopleIn) {
            builder.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE);
        }
        if (actsForItself) {
            builder.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS);
        }
        if (publicClient) {
            builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
        } else {
            builder.clientSecret(secrets.encode(secret))
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);
            if (signsPeopleIn) {
                builder.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN);
            }
        }
        return builder.build();
    }

    private static void checkRedirect(String property, String uri) {
        URI parsed;
        try {
            parsed = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(property + " must hold absolute URIs, e.g."
                    + " https://shop.example.com/login/oauth2/code/latchkey (was " + uri + ")");
        }
        if (!parsed.isAbsolute() || parsed.getFragment() != null) {
            throw new InvalidSettingException(property + " must hold absolute URIs without a fragment, e.g."
                    + " https://shop.example.com/login/oauth2/code/latchkey (was " + uri + ")");
        }
        if ("localhost".equalsIgnoreCase(parsed.getHost())) {
            throw new InvalidSettingException(property + " must name a loopback address as 127.0.0.1 or [::1],"
                    + " not localhost (RFC 8252 §8.3), e.g. http://127.0.0.1:8081/callback (was " + uri + ")");
        }
    }
}
