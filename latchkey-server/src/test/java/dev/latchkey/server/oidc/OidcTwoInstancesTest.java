package dev.latchkey.server.oidc;

import static dev.latchkey.server.oidc.HttpBrowser.query;
import static dev.latchkey.server.oidc.RelyingParty.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two instances on one PostgreSQL, as behind a load balancer: the browser authorizes on A, the client
 * redeems the code, reads userinfo and refreshes on B. Clients, authorizations and page sessions are
 * in the database, so neither instance needs the other's memory.
 */
class OidcTwoInstancesTest {
    @Test
    void codeWhenIssuedByOneInstanceThenTheOtherRedeemsAndRefreshesIt() throws Exception {
        OidcServer.requirePostgres();
        int portA = OidcServer.freePort();
        List<String> shared = List.of("--spring.datasource.url=" + OidcServer.POSTGRES, "--spring.datasource.username=postgres",
                // The cluster tests' secret: signing keys in the shared test database are sealed under it.
                "--latchkey.secret=cluster-test-secret-cluster-test-secret-01",
                "--latchkey.mail.transport=dev-mailbox");
        try (OidcServer a = OidcServer.start(portA, "http://localhost:", shared);
             OidcServer b = OidcServer.start(OidcServer.freePort(), "http://localhost:" + portA, shared)) {
            RelyingParty shopOnA = new RelyingParty(a.base(), OidcServer.SHOP, OidcServer.SHOP_SECRET);
            RelyingParty shopOnB = new RelyingParty(b.origin(), OidcServer.SHOP, OidcServer.SHOP_SECRET);

            HttpResponse<String> back = new HttpBrowser().signInThrough(a.base(), shopOnA.authorize(Map.of(
                            "redirect_uri", OidcServer.SHOP_REDIRECT, "scope", "openid email offline_access", "nonce", "n")),
                    "two-instances@example.com", email -> OidcServer.codeSentTo(email, List.of(a, b)));
            HttpResponse<String> tokens = shopOnB.exchange(query(back).get("code"), OidcServer.SHOP_REDIRECT, null);

            assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
            JsonNode issued = json(tokens);
            assertThat(RelyingParty.verified(issued.get("id_token").asText(), b.origin() + "/oauth2/jwks")
                    .getIssuer()).isEqualTo(a.base());
            assertThat(json(shopOnB.userinfo(issued.get("access_token").asText())).get("email").asText())
                    .isEqualTo("two-instances@example.com");
            HttpResponse<String> refreshedOnA = shopOnA.refresh(issued.get("refresh_token").asText());
            assertThat(refreshedOnA.statusCode()).as(refreshedOnA.body()).isEqualTo(200);
            assertThat(json(shopOnB.refresh(issued.get("refresh_token").asText())).get("error").asText())
                    .as("the replaced refresh token, reused on the other instance").isEqualTo("invalid_grant");
        }
    }
}
