package dev.latchkey.server.oidc;

import static dev.latchkey.server.oidc.HttpBrowser.query;
import static dev.latchkey.server.oidc.RelyingParty.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The protocol table of SPEC §11, each row against the running server over HTTP. */
class OidcProtocolTest {
    private static OidcServer server;
    private static RelyingParty shop;
    private static RelyingParty spa;

    @BeforeAll
    static void start() throws Exception {
        server = OidcServer.start();
        shop = new RelyingParty(server.base(), OidcServer.SHOP, OidcServer.SHOP_SECRET);
        spa = new RelyingParty(server.base(), OidcServer.SPA, null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Signs {@code email} in through the shop with {@code scope} and returns the token response. */
    private static JsonNode shopTokens(String email, String scope) {
        HttpResponse<String> back = new HttpBrowser().signInThrough(server, shop.authorize(Map.of(
                "redirect_uri", OidcServer.SHOP_REDIRECT, "scope", scope, "state", "s1", "nonce", "n1")), email);
        HttpResponse<String> tokens = shop.exchange(query(back).get("code"), OidcServer.SHOP_REDIRECT, null);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        return json(tokens);
    }

    @Test
    void codeFlowWhenSignedInByCodeThenIdTokenCarriesTheClaimsOfSpec11() throws Exception {
        HttpResponse<String> back = new HttpBrowser().signInThrough(server, shop.authorize(Map.of(
                "redirect_uri", OidcServer.SHOP_REDIRECT, "scope", "openid email", "state", "st-1", "nonce", "nonce-1")),
                "ada@example.com");

        assertThat(HttpBrowser.location(back)).startsWith(OidcServer.SHOP_REDIRECT + "?");
        assertThat(query(back)).containsEntry("state", "st-1");
        HttpResponse<String> tokens = shop.exchange(query(back).get("code"), OidcServer.SHOP_REDIRECT, null);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        assertThat(tokens.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        JWTClaimsSet id = RelyingParty.verified(json(tokens).get("id_token").asText(), server.base() + "/oauth2/jwks");
        assertThat(id.getIssuer()).isEqualTo(server.base());
        assertThat(id.getAudience()).containsExactly(OidcServer.SHOP);
        assertThat(id.getStringClaim("nonce")).isEqualTo("nonce-1");
        assertThat(id.getStringClaim("email")).isEqualTo("ada@example.com");
        assertThat(id.getBooleanClaim("email_verified")).isTrue();
        assertThat(id.getStringListClaim("amr")).containsExactly("otp");
        assertThat(id.getDateClaim("auth_time")).isNotNull();
        assertThat(id.getStringClaim("sid")).isNotBlank();
        assertThat(json(tokens).has("refresh_token")).as("no offline_access asked").isFalse();

        JsonNode userinfo = json(shop.userinfo(json(tokens).get("access_token").asText()));
        assertThat(userinfo.get("sub").asText()).isEqualTo(id.getSubject());
        assertThat(userinfo.get("email").asText()).isEqualTo("ada@example.com");
    }
}
