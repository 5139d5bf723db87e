package dev.latchkey.server.oidc;

import static dev.latchkey.server.oidc.HttpBrowser.query;
import static dev.latchkey.server.oidc.RelyingParty.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The admin API of SPEC §12 against the running server over HTTP, on PostgreSQL, with mail to GreenMail and
 * registration closed: tokens come from the server's own {@code /oauth2/token} with the client-credentials grant.
 */
class AdminApiTest {
    private static final String ADMIN = "back-office";
    private static final String ADMIN_SECRET = "back-office-secret-back-office-secret";
    /** A client-credentials client without the admin scope. */
    private static final String REPORTING = "reporting";
    private static final String REPORTING_SECRET = "reporting-secret-reporting-secret";
    private static final Pattern CODE = Pattern.compile("code: ([0-9]+)");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The messages whose code a test took already. */
    private static final Set<Message> READ = new HashSet<>();
    private static GreenMail smtp;
    private static OidcServer server;
    private static String adminToken;

    @BeforeAll
    static void start() throws Exception {
        OidcServer.requirePostgres();
        smtp = new GreenMail(new ServerSetup(OidcServer.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        server = OidcServer.start(OidcServer.freePort(), "http://localhost:", List.of(
                "--spring.datasource.url=" + OidcServer.POSTGRES, "--spring.datasource.username=postgres",
                // The cluster tests' secret: signing keys in the shared test database are sealed under it.
                "--latchkey.secret=cluster-test-secret-cluster-test-secret-01",
                "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + smtp.getSmtp().getPort(),
                "--latchkey.registration=closed",
                "--latchkey.oidc.clients[3].client-id=" + ADMIN,
                "--latchkey.oidc.clients[3].client-secret=" + ADMIN_SECRET,
                "--latchkey.oidc.clients[3].grant-types=client_credentials",
                "--latchkey.oidc.clients[3].scopes=latchkey.admin",
                "--latchkey.oidc.clients[4].client-id=" + REPORTING,
                "--latchkey.oidc.clients[4].client-secret=" + REPORTING_SECRET,
                "--latchkey.oidc.clients[4].grant-types=client_credentials",
                "--latchkey.oidc.clients[4].scopes=reports"));
        adminToken = clientToken(ADMIN, ADMIN_SECRET, "latchkey.admin");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    void adminWhenNoTokenOrAForgedOneThen401InTheJsonErrorShape() {
        HttpResponse<String> none = call("GET", "/api/admin/users/anyone", null, null);
        HttpResponse<String> forged = call("GET", "/api/admin/users/anyone", "eyJhbGciOiJFUzI1NiJ9.e30.c2ln", null);

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(json(none).get("error").asText()).isEqualTo("invalid_token");
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void adminWhenTokenLacksTheScopeThen403InsufficientScopeEvenForAUsersTokens() {
        String email = newEmail();
        mint(email, false);
        String clientWithoutScope = clientToken(REPORTING, REPORTING_SECRET, "reports");
        RelyingParty shop = new RelyingParty(server.base(), OidcServer.SHOP, OidcServer.SHOP_SECRET);
        HttpResponse<String> back = new HttpBrowser().signInThrough(server.base(), shop.authorize(Map.of(
                "redirect_uri", OidcServer.SHOP_REDIRECT, "scope", "openid email")), email, AdminApiTest::mailedCode);
        String usersOidcToken = json(shop.exchange(query(back).get("code"), OidcServer.SHOP_REDIRECT, null))
                .get("access_token").asText();
        String usersApiToken = exchange(tokenOf(mint(email, false).get("link").asText())).get("access_token").asText();

        for (String token : List.of(clientWithoutScope, usersOidcToken, usersApiToken)) {
            HttpResponse<String> refused = call("GET", "/api/admin/users?email=" + email, token, null);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
            assertThat(json(refused).get("error").asText()).isEqualTo("insufficient_scope");
        }
    }

    @Test
    void clientCredentialsWhenAskedForTheAdminScopeByAnotherClientThenRefused() {
        HttpResponse<String> refused = new RelyingParty(server.base(), REPORTING, REPORTING_SECRET).token(Map.of(
                "grant_type", "client_credentials", "scope", "latchkey.admin"));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json(refused).get("error").asText()).isEqualTo("invalid_scope");
    }

    @Test
    void mintWhenHandedOverThenItSignsInOnceForANewUserAndIsAuditedWithTheClient() {
        String email = newEmail();
        HttpResponse<String> minted = call("POST", "/api/admin/sign-in-links", adminToken,
                "{\"email\":\"" + email + "\",\"deliver\":false,\"ttl\":300}");

        assertThat(minted.statusCode()).as(minted.body()).isEqualTo(201);
        JsonNode body = json(minted);
        assertThat(body.get("link").asText()).startsWith(server.base() + "/login/link/");
        assertThat(body.get("code").asText()).matches("[0-9]{6}");
        assertThat(Duration.between(Instant.now(), Instant.parse(body.get("expires_at").asText())))
                .isBetween(Duration.ofSeconds(200), Duration.ofSeconds(300));
        String token = tokenOf(body.get("link").asText());
        HttpResponse<String> first = RelyingParty.postJson(server.base() + "/api/auth/exchange",
                "{\"token\":\"" + token + "\"}");
        HttpResponse<String> second = RelyingParty.postJson(server.base() + "/api/auth/exchange",
                "{\"token\":\"" + token + "\"}");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(json(first).get("user").get("email").asText()).isEqualTo(email);
        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(json(second).get("error").asText()).isEqualTo("invalid_grant");

        String userId = json(first).get("user").get("id").asText();
        JsonNode events = json(call("GET", "/api/admin/audit-events?type=SIGN_IN_LINK_MINTED&user_id=" + userId,
                adminToken, null)).get("events");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("client_id").asText()).isEqualTo(ADMIN);
        assertThat(events.get(0).get("user_id").asText()).isEqualTo(userId);
    }

    @Test
    void mintWhenDeliverThenTheMessageGoesThroughTheOutboxAndItsCodeSignsIn() {
        String email = newEmail();
        HttpResponse<String> queued = call("POST", "/api/admin/sign-in-links", adminToken,
                "{\"email\":\"" + email + "\",\"deliver\":true}");

        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        assertThat(json(queued).has("link")).isFalse();
        String code = mailedCode(email);
        HttpResponse<String> signedIn = RelyingParty.postJson(server.base() + "/api/auth/exchange",
                "{\"email\":\"" + email + "\",\"code\":\"" + code + "\"}");
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(200);
    }

    @Test
    void usersWhenLookedUpByEmailPhoneOrIdThenTheUserElse404NotFound() {
        String email = newEmail();
        mint(email, false);
        HttpResponse<String> byEmail = call("GET", "/api/admin/users?email=" + email.toUpperCase(), adminToken, null);
        String phone = String.format("+1415555%04d", RANDOM.nextInt(10_000));
        HttpResponse<String> byPhoneMinted = call("POST", "/api/admin/sign-in-links", adminToken,
                "{\"phone\":\"" + phone + "\",\"deliver\":false}");
        assertThat(byPhoneMinted.statusCode()).as(byPhoneMinted.body()).isEqualTo(201);

        assertThat(byEmail.statusCode()).as(byEmail.body()).isEqualTo(200);
        JsonNode user = json(byEmail);
        assertThat(fieldNames(user)).containsExactly("id", "email", "phone", "status", "roles", "created_at",
                "last_login_at", "passkeys");
        assertThat(user.get("email").asText()).isEqualTo(email);
        assertThat(user.get("phone").isNull()).isTrue();
        assertThat(user.get("last_login_at").isNull()).isTrue();
        assertThat(user.get("status").asText()).isEqualTo("active");
        assertThat(user.get("passkeys").asInt()).isZero();
        assertThat(Instant.parse(user.get("created_at").asText())).isBefore(Instant.now().plusSeconds(1));
        HttpResponse<String> byId = call("GET", "/api/admin/users/" + user.get("id").asText(), adminToken, null);
        assertThat(json(byId)).isEqualTo(user);
        HttpResponse<String> byPhone = call("GET", "/api/admin/users?phone=%2B" + phone.substring(1), adminToken, null);
        assertThat(byPhone.statusCode()).as(byPhone.body()).isEqualTo(200);
        assertThat(json(byPhone).get("phone").asText()).isEqualTo(phone);

        // An id longer than any user's (64 characters) is no user's either, on every path that takes one.
        String tooLong = "/api/admin/users/" + "u".repeat(65);
        for (HttpResponse<String> notFound : List.of(call("GET", "/api/admin/users/no-such-user", adminToken, null),
                call("GET", "/api/admin/users?email=" + newEmail(), adminToken, null),
                call("GET", tooLong, adminToken, null), call("PATCH", tooLong, adminToken, "{\"status\":\"disabled\"}"),
                call("POST", tooLong + "/sign-out", adminToken, null), call("DELETE", tooLong, adminToken, null))) {
            assertThat(notFound.statusCode()).as(notFound.body()).isEqualTo(404);
            assertThat(json(notFound).get("error").asText()).isEqualTo("not_found");
        }
    }

    @Test
    void patchWhenDisablingThenPageAndApiSessionsEndAndOnlyAnAdminReactivates() {
        String email = newEmail();
        HttpBrowser browser = new HttpBrowser();
        signInOnPage(browser, mint(email, false).get("link").asText());
        JsonNode api = exchange(tokenOf(mint(email, false).get("link").asText()));
        String id = api.get("user").get("id").asText();
        assertThat(browser.get(server.base() + "/account").statusCode()).isEqualTo(200);

        HttpResponse<String> disabled = call("PATCH", "/api/admin/users/" + id, adminToken,
                "{\"status\":\"disabled\",\"roles\":[\"SUPPORT\"]}");

        assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
        assertThat(json(disabled).get("status").asText()).isEqualTo("disabled");
        assertThat(json(disabled).get("roles").get(0).asText()).isEqualTo("SUPPORT");
        assertSessionsEnded(browser, api);
        HttpResponse<String> refusedLink = call("POST", "/api/admin/sign-in-links", adminToken,
                "{\"email\":\"" + email + "\",\"deliver\":false}");
        assertThat(refusedLink.statusCode()).isEqualTo(409);
        HttpResponse<String> active = call("PATCH", "/api/admin/users/" + id, adminToken, "{\"status\":\"active\"}");
        assertThat(json(active).get("status").asText()).isEqualTo("active");
        assertThat(exchange(tokenOf(mint(email, false).get("link").asText())).get("user").get("id").asText())
                .isEqualTo(id);
        JsonNode updates = json(call("GET", "/api/admin/audit-events?type=USER_UPDATED&user_id=" + id, adminToken,
                null)).get("events");
        assertThat(updates).extracting(event -> event.get("reason").asText())
                .containsExactly("status:active", "status:disabled,roles");
    }

    @Test
    void signOutWhenPostedThen204AndEverySessionEnds() {
        String email = newEmail();
        HttpBrowser browser = new HttpBrowser();
        signInOnPage(browser, mint(email, false).get("link").asText());
        JsonNode api = exchange(tokenOf(mint(email, false).get("link").asText()));
        String id = api.get("user").get("id").asText();

        HttpResponse<String> signedOut = call("POST", "/api/admin/users/" + id + "/sign-out", adminToken, null);

        assertThat(signedOut.statusCode()).as(signedOut.body()).isEqualTo(204);
        assertSessionsEnded(browser, api);
        assertThat(call("POST", "/api/admin/users/no-such-user/sign-out", adminToken, null).statusCode()).isEqualTo(404);
        JsonNode revoked = json(call("GET", "/api/admin/audit-events?type=SESSIONS_REVOKED&user_id=" + id, adminToken,
                null)).get("events").get(0);
        assertThat(revoked.get("reason").asText()).isEqualTo("admin_sign_out");
        assertThat(revoked.get("client_id").asText()).isEqualTo(ADMIN);
    }

    @Test
    void deleteWhenUserHadSessionsGrantsAndMessagesThenNoRowInAnyTableHoldsItsEmail() throws Exception {
        String email = newEmail();
        HttpBrowser browser = new HttpBrowser();
        signInOnPage(browser, mint(email, false).get("link").asText());
        JsonNode api = exchange(tokenOf(mint(email, false).get("link").asText()));
        String id = api.get("user").get("id").asText();
        RelyingParty shop = new RelyingParty(server.base(), OidcServer.SHOP, OidcServer.SHOP_SECRET);
        HttpResponse<String> back = new HttpBrowser().signInThrough(server.base(), shop.authorize(Map.of(
                        "redirect_uri", OidcServer.SHOP_REDIRECT, "scope", "openid email offline_access")), email,
                AdminApiTest::mailedCode);
        assertThat(shop.exchange(query(back).get("code"), OidcServer.SHOP_REDIRECT, null).statusCode()).isEqualTo(200);
        call("POST", "/api/admin/sign-in-links", adminToken, "{\"email\":\"" + email + "\",\"deliver\":true}");
        mailedCode(email);
        assertThat(rowsHolding(email)).as("before erasure").isNotEmpty();

        HttpResponse<String> erased = call("DELETE", "/api/admin/users/" + id, adminToken, null);

        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(204);
        assertThat(rowsHolding(email)).isEmpty();
        assertThat(call("GET", "/api/admin/users/" + id, adminToken, null).statusCode()).isEqualTo(404);
        assertThat(call("DELETE", "/api/admin/users/" + id, adminToken, null).statusCode()).isEqualTo(404);
        assertSessionsEnded(browser, api);
        JsonNode kept = json(call("GET", "/api/admin/audit-events?type=LOGIN_SUCCEEDED&user_id=" + id, adminToken,
                null)).get("events");
        assertThat(kept).isNotEmpty().allSatisfy(event -> {
            assertThat(event.get("user_id").asText()).isEqualTo(id);
            assertThat(event.get("ip").isNull()).isTrue();
            assertThat(event.get("user_agent").isNull()).isTrue();
        });
    }

    @Test
    void auditEventsWhenPagedThenNewestFirstEachOnceWithNextUntilTheEnd() {
        String email = newEmail();
        String id = json(call("GET", "/api/admin/users/" + exchange(tokenOf(mint(email, false).get("link").asText()))
                .get("user").get("id").asText(), adminToken, null)).get("id").asText();
        for (int i = 0; i < 3; i++) {
            mint(email, false);
        }
        List<JsonNode> all = new ArrayList<>();
        json(call("GET", "/api/admin/audit-events?limit=200&user_id=" + id, adminToken, null)).get("events")
                .forEach(all::add);

        List<JsonNode> paged = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            HttpResponse<String> page = call("GET", "/api/admin/audit-events?limit=2&user_id=" + id
                    + (next == null ? "" : "&after=" + next), adminToken, null);
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            JsonNode body = json(page);
            assertThat(body.get("events").size()).isLessThanOrEqualTo(2);
            body.get("events").forEach(paged::add);
            next = body.get("next").isNull() ? null : body.get("next").asText();
            pages++;
        } while (next != null && pages < 20);

        // The listing reads themselves (AUDIT_EVENTS_READ) come after the first look; compare the older events.
        List<JsonNode> older = all.stream().filter(e -> !"AUDIT_EVENTS_READ".equals(e.get("type").asText())).toList();
        assertThat(paged.stream().filter(e -> !"AUDIT_EVENTS_READ".equals(e.get("type").asText())).toList())
                .isEqualTo(older);
        assertThat(older).extracting(e -> e.get("type").asText()).startsWith("SIGN_IN_LINK_MINTED",
                "SIGN_IN_LINK_MINTED", "SIGN_IN_LINK_MINTED", "USER_VIEWED");
        assertThat(fieldNames(older.get(0))).containsExactly("id", "type", "user_id", "client_id", "ip", "user_agent",
                "occurred_at", "reason");
        Set<String> ids = new HashSet<>();
        Instant previous = Instant.MAX;
        for (JsonNode event : paged) {
            assertThat(ids.add(event.get("id").asText())).as("each event once").isTrue();
            Instant at = Instant.parse(event.get("occurred_at").asText());
            assertThat(at).isBeforeOrEqualTo(previous);
            previous = at;
        }
    }

    @Test
    void badInputWhenSentThen400WithASentence() {
        String user = json(call("GET", "/api/admin/users/" + exchange(tokenOf(mint(newEmail(), false).get("link")
                .asText())).get("user").get("id").asText(), adminToken, null)).get("id").asText();
        List<HttpResponse<String>> bad = List.of(
                call("PATCH", "/api/admin/users/" + user, adminToken, "{\"status\":\"suspended\"}"),
                call("PATCH", "/api/admin/users/" + user, adminToken, "{\"roles\":[\"a,b\"]}"),
                call("POST", "/api/admin/sign-in-links", adminToken, "{\"email\":\"not an address\",\"deliver\":false}"),
                call("POST", "/api/admin/sign-in-links", adminToken, "{\"email\":\"" + newEmail() + "\",\"deliver\":false,"
                        + "\"ttl\":601}"),
                call("POST", "/api/admin/sign-in-links", adminToken, "{\"email\":\"" + newEmail() + "\"}"),
                call("POST", "/api/admin/sign-in-links", adminToken, "{\"email\":\"" + newEmail() + "\",\"ttl\":\"soon\","
                        + "\"deliver\":false}"),
                call("GET", "/api/admin/users?email=not-an-address", adminToken, null),
                call("GET", "/api/admin/users", adminToken, null),
                call("GET", "/api/admin/audit-events?limit=0", adminToken, null),
                call("GET", "/api/admin/audit-events?limit=201", adminToken, null),
                call("GET", "/api/admin/audit-events?limit=many", adminToken, null),
                call("GET", "/api/admin/audit-events?after=not-a-cursor", adminToken, null),
                call("GET", "/api/admin/audit-events?type=NO_SUCH_TYPE", adminToken, null),
                call("GET", "/api/admin/audit-events?user_id=" + "u".repeat(65), adminToken, null));

        assertThat(bad).allSatisfy(response -> {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(json(response).get("error").asText()).isEqualTo("invalid_request");
            assertThat(json(response).get("detail").asText()).as(response.body()).matches("[A-Z\"a-z].*\\.");
        });
        assertThat(json(bad.get(3)).get("detail").asText())
                .isEqualTo("ttl must be between 1 and 600 seconds (latchkey.challenge.ttl); was 601.");
    }

    @Test
    void openApiWhenFetchedThenDescribesTheAdminApiAndItsClientCredentialsScheme() {
        JsonNode docs = json(RelyingParty.get(server.base() + "/v3/api-docs"));

        assertThat(fieldNames(docs.get("paths"))).contains("/api/admin/sign-in-links", "/api/admin/users",
                "/api/admin/users/{id}", "/api/admin/users/{id}/sign-out", "/api/admin/audit-events");
        JsonNode scheme = docs.get("components").get("securitySchemes").get("admin");
        assertThat(scheme.get("type").asText()).isEqualTo("oauth2");
        assertThat(scheme.get("flows").get("clientCredentials").get("scopes").has("latchkey.admin")).isTrue();
    }

    /** The page session's cookie no longer works, the access token is refused and the refresh token is dead. */
    private static void assertSessionsEnded(HttpBrowser browser, JsonNode api) {
        HttpResponse<String> account = browser.get(server.base() + "/account");
        assertThat(account.statusCode()).isEqualTo(302);
        assertThat(HttpBrowser.location(account)).endsWith("/login");
        HttpResponse<String> me = RelyingParty.send(HttpRequest.newBuilder(URI.create(server.base() + "/api/auth/me"))
                .header("Authorization", "Bearer " + api.get("access_token").asText()).GET().build());
        assertThat(me.statusCode()).isEqualTo(401);
        HttpResponse<String> refreshed = RelyingParty.postJson(server.base() + "/api/auth/refresh",
                "{\"refresh_token\":\"" + api.get("refresh_token").asText() + "\"}");
        assertThat(refreshed.statusCode()).isEqualTo(400);
        assertThat(json(refreshed).get("error").asText()).isEqualTo("invalid_grant");
    }

    /** Signs the browser in on the pages with a minted link: the link's page, then its Continue form. */
    private static void signInOnPage(HttpBrowser browser, String link) {
        HttpResponse<String> signedIn = browser.submit(link, server.base() + "/login/link", Map.of("token", tokenOf(link)));
        assertThat(signedIn.statusCode()).isEqualTo(303);
    }

    private static JsonNode mint(String email, boolean deliver) {
        HttpResponse<String> minted = call("POST", "/api/admin/sign-in-links", adminToken,
                "{\"email\":\"" + email + "\",\"deliver\":" + deliver + "}");
        assertThat(minted.statusCode()).as(minted.body()).isEqualTo(deliver ? 202 : 201);
        return json(minted);
    }

    private static JsonNode exchange(String token) {
        HttpResponse<String> tokens = RelyingParty.postJson(server.base() + "/api/auth/exchange",
                "{\"token\":\"" + token + "\"}");
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        return json(tokens);
    }

    private static String tokenOf(String link) {
        return link.substring(link.lastIndexOf('/') + 1);
    }

    private static String clientToken(String clientId, String secret, String scope) {
        HttpResponse<String> issued = new RelyingParty(server.base(), clientId, secret).token(Map.of(
                "grant_type", "client_credentials", "scope", scope));
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        return json(issued).get("access_token").asText();
    }

    private static HttpResponse<String> call(String method, String path, @Nullable String token, @Nullable String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.base() + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return RelyingParty.send(request.build());
    }

    /** The code of the newest message GreenMail received for {@code email}, waiting for the delivery worker. */
    private static synchronized String mailedCode(String email) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (Message message : smtp.getReceivedMessages()) {
                try {
                    if (message.getAllRecipients()[0].toString().equals(email) && READ.add(message)) {
                        String text = (String) ((Multipart) message.getContent()).getBodyPart(0).getContent();
                        Matcher code = CODE.matcher(text);
                        assertThat(code.find()).as(text).isTrue();
                        return code.group(1);
                    }
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no message to " + email + " within 10 s");
    }

    /** "table.column" for every row of every table whose text or bytes hold {@code value}. */
    private static List<String> rowsHolding(String value) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(OidcServer.POSTGRES, "postgres", "")) {
            List<String[]> columns = new ArrayList<>();
            try (ResultSet rows = connection.createStatement().executeQuery("SELECT table_name, column_name, data_type"
                    + " FROM information_schema.columns WHERE table_schema = current_schema()")) {
                while (rows.next()) {
                    columns.add(new String[] {rows.getString(1), rows.getString(2), rows.getString(3)});
                }
            }
            for (String[] column : columns) {
                String condition = "bytea".equals(column[2])
                        ? "position(convert_to(?, 'UTF8') in \"" + column[1] + "\") > 0"
                        : "strpos(lower(CAST(\"" + column[1] + "\" AS text)), ?) > 0";
                try (PreparedStatement query = connection.prepareStatement(
                        "SELECT count(*) FROM \"" + column[0] + "\" WHERE " + condition)) {
                    query.setString(1, value);
                    try (ResultSet count = query.executeQuery()) {
                        count.next();
                        if (count.getInt(1) > 0) {
                            found.add(column[0] + "." + column[1]);
                        }
                    }
                }
            }
        }
        return found;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }

    private static String newEmail() {
        return "admin-" + UUID.randomUUID() + "@example.com";
    }
}
