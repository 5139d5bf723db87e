package dev.latchkey.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.spring.oidc.StoredClients;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/** The OpenID Provider in the starter: off unless enabled, clients from settings, bad settings named. */
class LatchkeyOidcConfigurationTest {
    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SecurityAutoConfiguration.class,
                    ServletWebSecurityAutoConfiguration.class, LatchkeyAutoConfiguration.class))
            .withPropertyValues("latchkey.secret=oidc-configuration-test-secret-0123456789");

    @Test
    void providerWhenNotEnabledThenAbsentFromTheStarter() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(StoredClients.class));
    }

    @Test
    void clientsWhenEnabledThenStoredWithTheSecretHashedAndLatchkeysPolicy() {
        runner.withPropertyValues("latchkey.oidc.enabled=true",
                "latchkey.oidc.clients[0].client-id=shop", "latchkey.oidc.clients[0].client-secret=shop-secret-value",
                "latchkey.oidc.clients[0].redirect-uris[0]=https://shop.example.com/callback",
                "latchkey.oidc.clients[1].client-id=spa",
                "latchkey.oidc.clients[1].redirect-uris[0]=http://127.0.0.1/callback").run(context -> {
            StoredClients clients = context.getBean(StoredClients.class);
            RegisteredClient shop = clients.findByClientId("shop");
            assertThat(shop.getClientSecret()).startsWith("{bcrypt}").doesNotContain("shop-secret-value");
            assertThat(shop.getScopes()).containsExactlyInAnyOrder("openid", "email");
            assertThat(shop.getAuthorizationGrantTypes()).containsExactlyInAnyOrder(
                    AuthorizationGrantType.AUTHORIZATION_CODE, AuthorizationGrantType.REFRESH_TOKEN);
            assertThat(shop.getClientSettings().isRequireProofKey()).isFalse();
            assertThat(shop.getTokenSettings().isReuseRefreshTokens()).isFalse();
            RegisteredClient spa = clients.findByClientId("spa");
            assertThat(spa.getClientAuthenticationMethods()).containsExactly(ClientAuthenticationMethod.NONE);
            assertThat(spa.getAuthorizationGrantTypes()).containsExactly(AuthorizationGrantType.AUTHORIZATION_CODE);
            assertThat(spa.getClientSettings().isRequireProofKey()).isTrue();
            assertThat(clients.findByClientId("unknown")).isNull();
        });
    }

    @Test
    void clientWhenConfidentialWithoutSecretThenStartUpFailsNamingTheSetting() {
        runner.withPropertyValues("latchkey.oidc.enabled=true", "latchkey.oidc.clients[0].client-id=shop",
                        "latchkey.oidc.clients[0].public-client=false",
                        "latchkey.oidc.clients[0].redirect-uris[0]=https://shop.example.com/callback")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessage(
                        "latchkey.oidc.clients[0].client-secret is required for a confidential client, e.g. the output"
                                + " of 'openssl rand -base64 32'; or set public-client=true"));
    }

    @Test
    void clientWhenRedirectNamesLocalhostThenStartUpFailsAskingForTheLoopbackAddress() {
        runner.withPropertyValues("latchkey.oidc.enabled=true", "latchkey.oidc.clients[0].client-id=cli",
                        "latchkey.oidc.clients[0].redirect-uris[0]=http://localhost:8081/callback")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessage(
                        "latchkey.oidc.clients[0].redirect-uris must name a loopback address as 127.0.0.1 or [::1],"
                                + " not localhost (RFC 8252 §8.3), e.g. http://127.0.0.1:8081/callback"
                                + " (was http://localhost:8081/callback)"));
    }

    @Test
    void clientWhenIdTokenAlgorithmIsUnsupportedThenStartUpFailsNamingIt() {
        runner.withPropertyValues("latchkey.oidc.enabled=true", "latchkey.oidc.clients[0].client-id=cli",
                        "latchkey.oidc.clients[0].redirect-uris[0]=http://127.0.0.1/callback",
                        "latchkey.oidc.clients[0].id-token-signing-algorithm=PS512")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessage(
                        "latchkey.oidc.clients[0].id-token-signing-algorithm must be RS256 or ES256, e.g. RS256"
                                + " (was PS512)"));
    }

    @Test
    void clientWhenClientCredentialsOnlyThenRegisteredWithoutRedirectsOrRefreshTokens() {
        runner.withPropertyValues("latchkey.oidc.enabled=true", "latchkey.oidc.clients[0].client-id=back-office",
                "latchkey.oidc.clients[0].client-secret=back-office-secret",
                "latchkey.oidc.clients[0].grant-types=client_credentials",
                "latchkey.oidc.clients[0].scopes=latchkey.admin").run(context -> {
            RegisteredClient backOffice = context.getBean(StoredClients.class).findByClientId("back-office");
            assertThat(backOffice.getAuthorizationGrantTypes()).containsExactly(AuthorizationGrantType.CLIENT_CREDENTIALS);
            assertThat(backOffice.getScopes()).containsExactly("latchkey.admin");
            assertThat(backOffice.getRedirectUris()).isEmpty();
        });
    }

    @Test
    void clientWhenAdminScopeOnAClientThatSignsPeopleInThenStartUpFailsNamingIt() {
        runner.withPropertyValues("latchkey.oidc.enabled=true", "latchkey.oidc.clients[0].client-id=shop",
                        "latchkey.oidc.clients[0].client-secret=shop-secret-value",
                        "latchkey.oidc.clients[0].redirect-uris[0]=https://shop.example.com/callback",
                        "latchkey.oidc.clients[0].grant-types=authorization_code,client_credentials",
                        "latchkey.oidc.clients[0].scopes=openid,latchkey.admin")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessage(
                        "latchkey.oidc.clients[0].scopes may hold latchkey.admin only with"
                                + " grant-types=client_credentials alone, so that no person's token carries it"));
    }

    @Test
    void clientWhenClientCredentialsWithoutSecretThenStartUpFailsNamingIt() {
        runner.withPropertyValues("latchkey.oidc.enabled=true", "latchkey.oidc.clients[0].client-id=script",
                        "latchkey.oidc.clients[0].grant-types=client_credentials")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessage(
                        "latchkey.oidc.clients[0].grant-types=client_credentials needs a confidential client:"
                                + " set client-secret, e.g. to the output of 'openssl rand -base64 32'"));
    }

    @Test
    void clientWhenGrantTypeIsUnknownThenStartUpFailsNamingIt() {
        runner.withPropertyValues("latchkey.oidc.enabled=true", "latchkey.oidc.clients[0].client-id=cli",
                        "latchkey.oidc.clients[0].redirect-uris[0]=http://127.0.0.1/callback",
                        "latchkey.oidc.clients[0].grant-types=password")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessage(
                        "latchkey.oidc.clients[0].grant-types may hold authorization_code and client_credentials,"
                                + " e.g. client_credentials (was password)"));
    }
}
