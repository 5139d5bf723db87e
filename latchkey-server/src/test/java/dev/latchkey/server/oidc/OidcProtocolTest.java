package dev.latchkey.server.oidc;

import static dev.latchkey.server.oidc.HttpBrowser.query;
import static dev.latchkey.server.oidc.RelyingParty.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.latchkey.core.audit.AuditEvent;
import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.spi.AuditEventStore;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
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
        String idToken = json(tokens).get("id_token").asText();
        assertThat(SignedJWT.parse(idToken).getHeader().getAlgorithm().getName()).as("OpenID Connect's default").isEqualTo("RS256");
        JWTClaimsSet id = RelyingParty.verified(idToken, server.base() + "/oauth2/jwks");
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

    @Test
    void linkWhenOpenedOnAnotherDeviceThenTheCodeTypedInTheAskingBrowserStillReturnsItToTheClient() {
        String email = "other-device@example.com";
        HttpBrowser asking = new HttpBrowser();
        assertThat(HttpBrowser.location(asking.get(shop.authorize(Map.of("redirect_uri", OidcServer.SHOP_REDIRECT,
                "scope", "openid", "state", "od"))))).isEqualTo(server.base() + "/login");
        asking.submit(server.base() + "/login", server.base() + "/login", Map.of("email", email));
        List<String> message = server.linkAndCodeSentTo(email);

        HttpResponse<String> onPhone = new HttpBrowser().get(message.get(0));
        HttpResponse<String> typed = asking.submit(server.base() + "/login/check", server.base() + "/login/check",
                Map.of("code", message.get(1)));

        assertThat(onPhone.statusCode()).as("a page to confirm, spending nothing").isEqualTo(200);
        HttpResponse<String> back = asking.get(HttpBrowser.location(typed));
        assertThat(HttpBrowser.location(back)).startsWith(OidcServer.SHOP_REDIRECT + "?code=");
        assertThat(query(back)).containsEntry("state", "od");
    }

    @Test
    void linkWhenOpenedInTheAskingBrowserThenItReturnsToTheClient() {
        String email = "same-browser-link@example.com";
        HttpBrowser browser = new HttpBrowser();
        browser.get(shop.authorize(Map.of("redirect_uri", OidcServer.SHOP_REDIRECT, "scope", "openid email", "state", "lk")));
        browser.submit(server.base() + "/login", server.base() + "/login", Map.of("email", email));
        String link = server.linkAndCodeSentTo(email).get(0);

        HttpResponse<String> redeemed = browser.submit(link, server.base() + "/login/link",
                Map.of("token", link.substring(link.lastIndexOf('/') + 1)));

        assertThat(HttpBrowser.location(redeemed)).startsWith(server.base() + "/oauth2/authorize?");
        HttpResponse<String> back = browser.get(HttpBrowser.location(redeemed));
        assertThat(query(back)).containsEntry("state", "lk").containsKey("code");
        JsonNode tokens = json(shop.exchange(query(back).get("code"), OidcServer.SHOP_REDIRECT, null));
        assertThat(json(shop.userinfo(tokens.get("access_token").asText())).get("email").asText()).isEqualTo(email);
    }

    @Test
    void codeWhenRedeemedTwiceThenInvalidGrantAndTheTokensItGaveAreRevoked() {
        HttpResponse<String> back = new HttpBrowser().signInThrough(server, shop.authorize(Map.of(
                "redirect_uri", OidcServer.SHOP_REDIRECT, "scope", "openid email offline_access", "state", "s")),
                "reuse-code@example.com");
        String code = query(back).get("code");
        JsonNode first = json(shop.exchange(code, OidcServer.SHOP_REDIRECT, null));
        assertThat(shop.userinfo(first.get("access_token").asText()).statusCode()).isEqualTo(200);

        HttpResponse<String> again = shop.exchange(code, OidcServer.SHOP_REDIRECT, null);

        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(json(again).get("error").asText()).isEqualTo("invalid_grant");
        assertThat(shop.userinfo(first.get("access_token").asText()).statusCode()).isEqualTo(401);
        assertThat(json(shop.refresh(first.get("refresh_token").asText())).get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void publicClientWhenNoPkceThenRedirectedWithInvalidRequestAndItsState() {
        HttpBrowser browser = new HttpBrowser();
        browser.signInThrough(server, shop.authorize(Map.of("redirect_uri", OidcServer.SHOP_REDIRECT, "scope", "openid")),
                "no-pkce@example.com");

        HttpResponse<String> refused = browser.get(spa.authorize(Map.of("redirect_uri", OidcServer.SPA_REDIRECT,
                "scope", "openid", "state", "spa-state")));

        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(HttpBrowser.location(refused)).startsWith(OidcServer.SPA_REDIRECT + "?");
        assertThat(query(refused)).containsEntry("error", "invalid_request").containsEntry("state", "spa-state")
                .doesNotContainKey("code");
    }

    @Test
    void publicClientWhenVerifierIsWrongOrMissingThenRefusedAndWithTheRightOneTokensButNoRefreshToken() throws Exception {
        String verifier = RelyingParty.random() + RelyingParty.random();
        HttpResponse<String> back = new HttpBrowser().signInThrough(server, spa.authorize(Map.of(
                "redirect_uri", OidcServer.SPA_REDIRECT, "scope", "openid email", "code_challenge",
                RelyingParty.s256(verifier), "code_challenge_method", "S256")), "pkce@example.com");
        String code = query(back).get("code");

        HttpResponse<String> wrong = spa.exchange(code, OidcServer.SPA_REDIRECT, RelyingParty.random() + RelyingParty.random());
        // Without a verifier a public client has nothing to authenticate with.
        HttpResponse<String> missing = spa.exchange(code, OidcServer.SPA_REDIRECT, null);

        assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(400);
        assertThat(wrong.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("json"));
        assertThat(json(wrong).get("error").asText()).isEqualTo("invalid_grant");
        assertThat(missing.statusCode()).as(missing.body()).isEqualTo(401);
        assertThat(json(missing).get("error").asText()).isEqualTo("invalid_client");
        HttpResponse<String> tokens = spa.exchange(code, OidcServer.SPA_REDIRECT, verifier);

        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        String idToken = json(tokens).get("id_token").asText();
        assertThat(SignedJWT.parse(idToken).getHeader().getAlgorithm().getName()).as("registered ES256").isEqualTo("ES256");
        assertThat(RelyingParty.verified(idToken, server.base() + "/oauth2/jwks").getAudience()).containsExactly(OidcServer.SPA);
        assertThat(json(tokens).has("refresh_token")).isFalse();
    }

    @Test
    void confidentialClientWhenItsVerifierIsWrongThenInvalidGrant() {
        String verifier = RelyingParty.random() + RelyingParty.random();
        HttpResponse<String> back = new HttpBrowser().signInThrough(server, shop.authorize(Map.of(
                "redirect_uri", OidcServer.SHOP_REDIRECT, "scope", "openid", "code_challenge",
                RelyingParty.s256(verifier), "code_challenge_method", "S256")), "pkce-confidential@example.com");

        HttpResponse<String> wrong = shop.exchange(query(back).get("code"), OidcServer.SHOP_REDIRECT,
                RelyingParty.random() + RelyingParty.random());

        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(json(wrong).get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void authorizeWhenRedirectUriIsUnregisteredOrClientUnknownThenAnErrorPageAndNoRedirect() {
        HttpBrowser browser = new HttpBrowser();
        browser.signInThrough(server, shop.authorize(Map.of("redirect_uri", OidcServer.SHOP_REDIRECT, "scope", "openid")),
                "bad-redirect@example.com");

        for (String url : List.of(
                shop.authorize(Map.of("redirect_uri", "https://evil.example/callback", "scope", "openid", "state", "x")),
                shop.authorize(Map.of("redirect_uri", "http://127.0.0.1/other-path", "scope", "openid", "state", "x")),
                new RelyingParty(server.base(), "nobody", null).authorize(Map.of(
                        "redirect_uri", OidcServer.SHOP_REDIRECT, "scope", "openid", "state", "x")))) {
            HttpResponse<String> refused = browser.get(url);

            assertThat(refused.statusCode()).as(url).isEqualTo(400);
            assertThat(refused.headers().firstValue("Location")).as(url).isEmpty();
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("text/html"));
        }
    }

    @Test
    void consentWhenClientRequiresItThenAskedOnceAndRemembered() {
        RelyingParty partner = new RelyingParty(server.base(), OidcServer.PARTNER, null);
        String authorize = partner.authorize(Map.of("redirect_uri", OidcServer.PARTNER_REDIRECT, "scope", "openid email",
                "state", "p1"));
        HttpBrowser browser = new HttpBrowser();

        HttpResponse<String> consentPage = browser.signInThrough(server, authorize, "consent@example.com");

        assertThat(consentPage.statusCode()).isEqualTo(200);
        Matcher state = Pattern.compile("name=\"state\" value=\"([^\"]+)\"").matcher(consentPage.body());
        assertThat(state.find()).as(consentPage.body()).isTrue();
        HttpResponse<String> consented = browser.postForm(server.base() + "/oauth2/authorize", Map.of(
                "client_id", OidcServer.PARTNER, "state", state.group(1), "scope", "email"));
        assertThat(HttpBrowser.location(consented)).startsWith(OidcServer.PARTNER_REDIRECT + "?code=");
        assertThat(query(consented)).containsEntry("state", "p1");
        HttpResponse<String> again = browser.get(authorize);
        assertThat(HttpBrowser.location(again)).startsWith(OidcServer.PARTNER_REDIRECT + "?code=");
    }

    @Test
    void authorizeWhenLoopbackRedirectNamesAnyPortThenAccepted() {
        String redirect = "http://127.0.0.1:54321/callback";

        HttpResponse<String> back = new HttpBrowser().signInThrough(server, shop.authorize(Map.of(
                "redirect_uri", redirect, "scope", "openid")), "loopback@example.com");

        assertThat(HttpBrowser.location(back)).startsWith(redirect + "?code=");
        assertThat(shop.exchange(query(back).get("code"), redirect, null).statusCode()).isEqualTo(200);
    }

    @Test
    void implicitAndPasswordGrantsWhenAskedThenRefusedWithoutAToken() {
        HttpBrowser browser = new HttpBrowser();
        browser.signInThrough(server, shop.authorize(Map.of("redirect_uri", OidcServer.SHOP_REDIRECT, "scope", "openid")),
                "no-implicit@example.com");

        HttpResponse<String> implicit = browser.get(server.base() + "/oauth2/authorize?" + HttpBrowser.form(Map.of(
                "response_type", "token", "client_id", OidcServer.SHOP, "redirect_uri", OidcServer.SHOP_REDIRECT,
                "scope", "openid", "state", "i")));
        HttpResponse<String> password = shop.token(Map.of("grant_type", "password", "username", "a", "password", "b"));

        // Spring Security answers an unsupported response_type with its error page rather than a redirect.
        assertThat(implicit.statusCode()).isEqualTo(400);
        assertThat(implicit.headers().firstValue("Location")).isEmpty();
        assertThat(password.statusCode()).isEqualTo(400);
        assertThat(json(password).get("error").asText()).isEqualTo("unsupported_grant_type");
    }

    @Test
    void nonceWhenGivenThenItRoundTripsIntoTheIdTokenAndARefreshedOneKeepsSubjectAndAuthTime() throws Exception {
        String nonce = RelyingParty.random();
        HttpResponse<String> back = new HttpBrowser().signInThrough(server, shop.authorize(Map.of(
                "redirect_uri", OidcServer.SHOP_REDIRECT, "scope", "openid offline_access", "nonce", nonce)),
                "nonce@example.com");
        JsonNode tokens = json(shop.exchange(query(back).get("code"), OidcServer.SHOP_REDIRECT, null));

        JWTClaimsSet first = RelyingParty.verified(tokens.get("id_token").asText(), server.base() + "/oauth2/jwks");
        assertThat(first.getStringClaim("nonce")).isEqualTo(nonce);
        JsonNode refreshed = json(shop.refresh(tokens.get("refresh_token").asText()));
        JWTClaimsSet second = RelyingParty.verified(refreshed.get("id_token").asText(), server.base() + "/oauth2/jwks");
        // OpenID Connect Core §12.2: same subject and auth_time; a refreshed ID token should carry no nonce.
        assertThat(second.getSubject()).isEqualTo(first.getSubject());
        assertThat(second.getDateClaim("auth_time")).isEqualTo(first.getDateClaim("auth_time"));
        assertThat(second.getStringClaim("nonce")).isNull();
    }

    @Test
    void refreshWhenRotatedTokenIsReusedThenTheWholeAuthorizationEnds() {
        JsonNode tokens = shopTokens("refresh-reuse@example.com", "openid offline_access");
        String first = tokens.get("refresh_token").asText();
        HttpResponse<String> rotated = shop.refresh(first);
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        String second = json(rotated).get("refresh_token").asText();
        assertThat(second).isNotEqualTo(first);

        HttpResponse<String> reused = shop.refresh(first);

        assertThat(reused.statusCode()).isEqualTo(400);
        assertThat(json(reused).get("error").asText()).isEqualTo("invalid_grant");
        assertThat(json(shop.refresh(second)).get("error").asText()).isEqualTo("invalid_grant");
        assertThat(shop.userinfo(json(rotated).get("access_token").asText()).statusCode()).isEqualTo(401);
    }

    @Test
    void logoutWhenRelyingPartyAsksThenThePageSessionEndsAndTheBrowserGoesBack() {
        HttpBrowser browser = new HttpBrowser();
        HttpResponse<String> back = browser.signInThrough(server, shop.authorize(Map.of(
                "redirect_uri", OidcServer.SHOP_REDIRECT, "scope", "openid")), "logout@example.com");
        String idToken = json(shop.exchange(query(back).get("code"), OidcServer.SHOP_REDIRECT, null)).get("id_token").asText();
        assertThat(browser.get(server.base() + "/account").statusCode()).isEqualTo(200);

        HttpResponse<String> loggedOut = browser.get(server.base() + "/connect/logout?" + HttpBrowser.form(Map.of(
                "id_token_hint", idToken, "post_logout_redirect_uri", OidcServer.SHOP_AFTER_LOGOUT, "state", "bye")));

        assertThat(loggedOut.statusCode()).isEqualTo(302);
        assertThat(HttpBrowser.location(loggedOut)).isEqualTo(OidcServer.SHOP_AFTER_LOGOUT + "?state=bye");
        assertThat(browser.get(server.base() + "/account").statusCode()).isEqualTo(302);
        HttpResponse<String> authorizeAgain = browser.get(shop.authorize(Map.of("redirect_uri", OidcServer.SHOP_REDIRECT,
                "scope", "openid")));
        assertThat(HttpBrowser.location(authorizeAgain)).isEqualTo(server.base() + "/login");
    }

    @Test
    void signOutEverywhereWhenUserHasOidcGrantsThenTheirRefreshAndAccessTokensEnd() {
        HttpBrowser browser = new HttpBrowser();
        HttpResponse<String> back = browser.signInThrough(server, shop.authorize(Map.of(
                "redirect_uri", OidcServer.SHOP_REDIRECT, "scope", "openid offline_access")), "everywhere@example.com");
        JsonNode tokens = json(shop.exchange(query(back).get("code"), OidcServer.SHOP_REDIRECT, null));

        HttpResponse<String> ended = browser.submit(server.base() + "/account", server.base() + "/account/sessions/end",
                Map.of());

        assertThat(ended.statusCode()).isEqualTo(303);
        assertThat(json(shop.refresh(tokens.get("refresh_token").asText())).get("error").asText()).isEqualTo("invalid_grant");
        assertThat(shop.userinfo(tokens.get("access_token").asText()).statusCode()).isEqualTo(401);
    }

    @Test
    void storeWhenCodesAndTokensWereIssuedThenNoRowHoldsTheirValues() throws Exception {
        HttpResponse<String> back = new HttpBrowser().signInThrough(server, shop.authorize(Map.of(
                "redirect_uri", OidcServer.SHOP_REDIRECT, "scope", "openid offline_access", "state", "st")),
                "hashed@example.com");
        String code = query(back).get("code");
        JsonNode tokens = json(shop.exchange(code, OidcServer.SHOP_REDIRECT, null));
        List<String> secrets = List.of(code, tokens.get("access_token").asText(), tokens.get("refresh_token").asText(),
                tokens.get("id_token").asText(), OidcServer.SHOP_SECRET);

        StringBuilder stored = new StringBuilder();
        try (Connection connection = server.bean(DataSource.class).getConnection();
             Statement statement = connection.createStatement()) {
            for (String table : List.of("latchkey_oidc_grant", "latchkey_oidc_token", "latchkey_oidc_client")) {
                try (ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
                    while (rows.next()) {
                        for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                            Object value = rows.getObject(column);
                            stored.append(value instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1)
                                    : value instanceof Blob blob ? new String(blob.getBytes(1, (int) blob.length()),
                                            StandardCharsets.ISO_8859_1) : String.valueOf(value)).append('\n');
                        }
                    }
                }
            }
        }

        assertThat(stored).isNotEmpty();
        for (String secret : secrets) {
            assertThat(stored.toString()).doesNotContain(secret);
        }
    }

    @Test
    void discoveryWhenFetchedThenNamesTheEndpointsAndOnlyTheCodeFlowWithS256() {
        JsonNode discovery = json(RelyingParty.get(server.base() + "/.well-known/openid-configuration"));

        assertThat(discovery.get("issuer").asText()).isEqualTo(server.base());
        assertThat(discovery.get("authorization_endpoint").asText()).isEqualTo(server.base() + "/oauth2/authorize");
        assertThat(discovery.get("token_endpoint").asText()).isEqualTo(server.base() + "/oauth2/token");
        assertThat(discovery.get("userinfo_endpoint").asText()).isEqualTo(server.base() + "/userinfo");
        assertThat(discovery.get("jwks_uri").asText()).isEqualTo(server.base() + "/oauth2/jwks");
        assertThat(discovery.get("revocation_endpoint").asText()).isEqualTo(server.base() + "/oauth2/revoke");
        assertThat(discovery.get("end_session_endpoint").asText()).isEqualTo(server.base() + "/connect/logout");
        assertThat(texts(discovery.get("response_types_supported"))).containsExactly("code");
        assertThat(texts(discovery.get("code_challenge_methods_supported"))).containsExactly("S256");
        assertThat(texts(discovery.get("id_token_signing_alg_values_supported"))).containsExactly("RS256", "ES256");
    }

    @Test
    void jwksWhenFetchedFromBothAddressesThenTheSameKeys() {
        JsonNode oidc = json(RelyingParty.get(server.base() + "/oauth2/jwks"));
        JsonNode api = json(RelyingParty.get(server.base() + "/.well-known/jwks.json"));

        assertThat(texts(oidc.get("keys"))).containsExactlyInAnyOrderElementsOf(texts(api.get("keys")));
        oidc.get("keys").forEach(key -> assertThat(key.has("d")).as("no private part").isFalse());
    }

    @Test
    void codeWhenIssuedThenAudited() {
        HttpResponse<String> back = new HttpBrowser().signInThrough(server, shop.authorize(Map.of(
                "redirect_uri", OidcServer.SHOP_REDIRECT, "scope", "openid")), "audited@example.com");
        shop.exchange(query(back).get("code"), OidcServer.SHOP_REDIRECT, null);

        List<AuditEvent> recent = server.bean(AuditEventStore.class).findRecent(20);
        assertThat(recent).anySatisfy(event -> {
            assertThat(event.type()).isEqualTo(AuditEventType.OIDC_CODE_ISSUED);
            assertThat(event.reason()).isEqualTo(OidcServer.SHOP);
        }).anySatisfy(event -> {
            assertThat(event.type()).isEqualTo(AuditEventType.LOGIN_SUCCEEDED);
            assertThat(event.reason()).isEqualTo("oidc");
        });
    }

    @Test
    void subjectWhenOneAddressSignsInByOidcAndByTheJsonApiThenTheSameUserId() throws Exception {
        String email = "same-sub@example.com";
        HttpResponse<String> asked = RelyingParty.postJson(server.base() + "/api/auth/request", "{\"email\":\"" + email + "\"}");
        assertThat(asked.statusCode()).isEqualTo(202);
        HttpResponse<String> api = RelyingParty.postJson(server.base() + "/api/auth/exchange",
                "{\"email\":\"" + email + "\",\"code\":\"" + server.codeSentTo(email) + "\"}");
        assertThat(api.statusCode()).as(api.body()).isEqualTo(200);

        JsonNode tokens = shopTokens(email, "openid");

        String sub = RelyingParty.verified(tokens.get("id_token").asText(), server.base() + "/oauth2/jwks").getSubject();
        assertThat(sub).isEqualTo(json(api).get("user").get("id").asText());
        assertThat(SignedJWT.parse(json(api).get("access_token").asText()).getJWTClaimsSet().getSubject()).isEqualTo(sub);
    }

    /** The elements of a JSON array: strings as they are, objects as their JSON text. */
    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.isString() ? node.asText() : node.toString()));
        return values;
    }
}
