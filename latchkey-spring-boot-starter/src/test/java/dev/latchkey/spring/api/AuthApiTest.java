package dev.latchkey.spring.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.identity.UserStatus;
import dev.latchkey.core.secret.Pkce;
import dev.latchkey.core.spi.AuditEventStore;
import dev.latchkey.core.spi.UserDirectory;
import dev.latchkey.core.testing.MutableClock;
import dev.latchkey.spring.delivery.DevMailbox;
import dev.latchkey.spring.resourceserver.StockResourceServer;
import dev.latchkey.spring.sample.SampleApplication;
import dev.latchkey.spring.testing.MovableClockConfiguration;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Every row of SPEC §5, black-box over real HTTP, for email and phone. */
@SpringBootTest(classes = {SampleApplication.class, MovableClockConfiguration.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
                "latchkey.secret=api-test-secret-api-test-secret-0123456789",
                "latchkey.base-url=http://login.example.test",
                "latchkey.channels=email,sms",
                "latchkey.mail.transport=dev-mailbox",
                "latchkey.throttle.requests-per-ip=10000/1h",
                "latchkey.throttle.failures-per-ip=10000/1h",
                "latchkey.throttle.resend-delay=0s",
                "latchkey.delivery.poll-interval=50ms"})
class AuthApiTest {
    private static final Pattern TOKEN = Pattern.compile("/([A-Za-z0-9_-]{43})\\b");
    private static final Pattern CODE = Pattern.compile("(?:code: |code is )([0-9]+)");


    @LocalServerPort
    int port;

    @Autowired
    DevMailbox mailbox;

    @Autowired
    UserDirectory users;

    @Autowired
    AuditEventStore audit;

    @Autowired
    Clock clock;

    private JsonApi api() {
        return new JsonApi(port);
    }

    private record Message(String token, String code) {}

    private Message awaitMessage(String recipient, int before) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            var mine = mailbox.messages().stream().filter(m -> m.recipient().equals(recipient)).toList();
            if (mine.size() > before) {
                String text = mine.get(0).text();
                Matcher token = TOKEN.matcher(text);
                Matcher code = CODE.matcher(text);
                assertThat(token.find() && code.find()).as("link and code in " + recipient + "'s message").isTrue();
                return new Message(token.group(1), code.group(1));
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no message to " + recipient);
    }

    private int count(String recipient) {
        return (int) mailbox.messages().stream().filter(m -> m.recipient().equals(recipient)).count();
    }

    private JsonApi.Reply request(Map<String, ?> body) {
        return api().post("/api/auth/request", body);
    }

    private Message ask(String field, String identifier, String recipient, Map<String, ?> extra) {
        int before = count(recipient);
        Map<String, Object> body = new HashMap<>(extra);
        body.put(field, identifier);
        JsonApi.Reply reply = request(body);
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(202);
        return awaitMessage(recipient, before);
    }

    private JsonApi.Reply signIn(String email) {
        Message message = ask("email", email, email, Map.of());
        return api().post("/api/auth/exchange", Map.of("token", message.token()));
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    @Test
    void requestWhenEmailThenAcceptedWithRequestIdAndExpiry() {
        JsonApi.Reply reply = request(Map.of("email", unique("ask"), "surprise", "ignored"));
        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.text("request_id")).hasSize(22);
        assertThat(reply.body().get("expires_in").asLong()).isEqualTo(600);
        assertThat(reply.text("detail")).isNotBlank();
    }

    @Test
    void requestWhenInputIsBadThenJsonErrors() {
        assertThat(request(Map.of("email", "not an address")).body().get("error").asText()).isEqualTo("invalid_request");
        assertThat(request(Map.of()).status()).isEqualTo(400);
        assertThat(request(Map.of("email", "a@example.com", "phone", "+14155552671")).status()).isEqualTo(400);
        JsonApi.Reply malformed = api().post("/api/auth/request", "{\"email\": ", "application/json", null);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.text("error")).isEqualTo("invalid_request");
        JsonApi.Reply wrongType = api().post("/api/auth/request", "{\"email\": {\"nested\": true}}", "application/json", null);
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.text("error")).isEqualTo("invalid_request");
        JsonApi.Reply notJson = api().post("/api/auth/request", "email=a@example.com", "application/x-www-form-urlencoded", null);
        assertThat(notJson.status()).isEqualTo(415);
        assertThat(notJson.text("error")).isEqualTo("unsupported_media_type");
        JsonApi.Reply huge = api().post("/api/auth/request", "{\"email\":\"" + "a".repeat(20_000) + "\"}", "application/json", null);
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.text("error")).isEqualTo("payload_too_large");
    }

    @Test
    void requestWhenBodyStreamedWithoutLengthThenReadUpToTheLimitAndRefusedPastIt() {
        assertThat(api().postStreamed("/api/auth/request", "{\"email\":\"" + unique("streamed") + "\"}").status())
                .isEqualTo(202);
        JsonApi.Reply tooLong = api().postStreamed("/api/auth/request",
                "{\"email\":\"a@example.com\",\"next\":\"/" + "a".repeat(ApiRequestFilter.MAX_BYTES) + "\"}");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.text("error")).isEqualTo("invalid_request");
    }

    @Test
    void errorsWhenNoLatchkeyHandlerAnswersThenStillLatchkeysJsonShape() {
        assertJsonError(api().get("/api/auth/nothing-here", null), 404, "not_found");
        JsonApi.Reply wrongMethod = api().get("/api/auth/exchange", null);
        assertJsonError(wrongMethod, 405, "method_not_allowed");
        assertThat(wrongMethod.text("detail")).isEqualTo("Use POST for this endpoint.");
        assertJsonError(api().postAccepting("/api/auth/request", Map.of("email", unique("html")), "text/html"), 406,
                "not_acceptable");
        assertJsonError(api().postAccepting("/.well-known/jwks.json", Map.of(), "application/json"), 405, "method_not_allowed");
        assertJsonError(api().get("/api/auth/me;x=y", null), 400, "invalid_request");
        assertJsonError(api().post("/api/auth/request", "<email/>", "application/xml", null), 415, "unsupported_media_type");
        assertJsonError(api().post("/api/auth/request", "{\"email\":\"" + "a".repeat(20_000) + "\"}", "application/json",
                null), 413, "payload_too_large");
    }

    private static void assertJsonError(JsonApi.Reply reply, int status, String error) {
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/json");
        assertThat(reply.text("error")).isEqualTo(error);
        assertThat(reply.text("detail")).isNotBlank();
        assertThat(reply.body().has("timestamp")).as("Spring's default error body").isFalse();
    }

    /** SPEC §2 rule 20: a premium-rate number is a bad number, not a hint about accounts. */
    @Test
    void requestWhenPremiumRateNumberThenInvalidRequest() {
        JsonApi.Reply premium = request(Map.of("phone", "+44 909 879 0000"));
        assertThat(premium.status()).isEqualTo(400);
        assertThat(premium.text("error")).isEqualTo("invalid_request");
    }

    @Test
    void requestWhenOverTheIdentifierBudgetThenRateLimitedWithRetryAfter() {
        String email = unique("again");
        // This context has no resend delay (ResendDelayApiTest covers it); requests-per-identifier (5/1h) refuses here.
        for (int i = 0; i < 5; i++) {
            assertThat(request(Map.of("email", email)).status()).isEqualTo(202);
        }
        JsonApi.Reply limited = request(Map.of("email", email));
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.text("error")).isEqualTo("rate_limited");
        assertThat(limited.body().get("retry_after").asLong()).isPositive();
        assertThat(limited.header("Retry-After")).isEqualTo(limited.body().get("retry_after").asText());
    }

    @Test
    void exchangeWhenTokenThenTokenResponseWithNoStore() {
        String email = unique("token");
        JsonApi.Reply reply = signIn(email);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text("token_type")).isEqualTo("Bearer");
        assertThat(reply.body().get("expires_in").asLong()).isEqualTo(900);
        assertThat(reply.text("access_token")).contains(".");
        assertThat(reply.text("refresh_token")).hasSize(43);
        assertThat(reply.body().get("user").get("email").asText()).isEqualTo(email);
        assertThat(reply.header("Cache-Control")).contains("no-store");
        assertThat(reply.header("Pragma")).isEqualTo("no-cache");
    }

    @Test
    void exchangeWhenRequestIdAndCodeThenSignedIn() {
        String email = unique("rid");
        int before = count(email);
        JsonApi.Reply asked = request(Map.of("email", email));
        Message message = awaitMessage(email, before);
        JsonApi.Reply reply = api().post("/api/auth/exchange",
                Map.of("request_id", asked.text("request_id"), "code", message.code()));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().get("user").get("email").asText()).isEqualTo(email);
    }

    @Test
    void exchangeWhenEmailAndCodeThenSignedInAndWrongCodeCountsDown() {
        String email = unique("code");
        Message message = ask("email", email, email, Map.of());
        String wrong = "000000".equals(message.code()) ? "111111" : "000000";
        JsonApi.Reply bad = api().post("/api/auth/exchange", Map.of("email", email, "code", wrong));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text("error")).isEqualTo("invalid_grant");
        assertThat(bad.body().get("attempts_left").asInt()).isEqualTo(4);
        assertThat(api().post("/api/auth/exchange", Map.of("email", email, "code", message.code())).status())
                .isEqualTo(200);
    }

    @Test
    void exchangeWhenPhoneAndCodeThenSignedIn() {
        Message message = ask("phone", "+1 415 555 2671", "+14155552671", Map.of());
        JsonApi.Reply reply = api().post("/api/auth/exchange", Map.of("phone", "+14155552671", "code", message.code()));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().get("user").get("phone").asText()).isEqualTo("+14155552671");
    }

    @Test
    void exchangeWhenNothingUsableThenInvalidRequestOrGrant() {
        assertThat(api().post("/api/auth/exchange", Map.of("code", "123456")).text("error")).isEqualTo("invalid_request");
        JsonApi.Reply unknown = api().post("/api/auth/exchange", Map.of("token", "x".repeat(43)));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.text("error")).isEqualTo("invalid_grant");
    }

    @Test
    void exchangeWhenAccountDisabledThenAccessDenied() {
        String email = unique("disabled");
        assertThat(signIn(email).status()).isEqualTo(200);
        Message message = ask("email", email, email, Map.of());
        // Disabled after the message went out: a disabled account asking anew gets a decoy and no message at all.
        users.update(users.findByIdentifier(new EmailAddress(email)).orElseThrow().withStatus(UserStatus.DISABLED));
        JsonApi.Reply refused = api().post("/api/auth/exchange", Map.of("token", message.token()));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text("error")).isEqualTo("access_denied");
    }

    @Test
    void exchangeWhenIdentifierLockedThenCodeIsLockedWithRetryAfterButLinkSignsIn() {
        String email = unique("locked");
        for (int round = 0; round < 2; round++) {
            Message message = ask("email", email, email, Map.of());
            String wrong = "000000".equals(message.code()) ? "111111" : "000000";
            for (int i = 0; i < 5; i++) {
                api().post("/api/auth/exchange", Map.of("email", email, "code", wrong));
            }
        }
        Message fresh = ask("email", email, email, Map.of());
        JsonApi.Reply locked = api().post("/api/auth/exchange", Map.of("email", email, "code", fresh.code()));
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.text("error")).isEqualTo("locked");
        assertThat(locked.header("Retry-After")).isNotNull();
        assertThat(api().post("/api/auth/exchange", Map.of("token", fresh.token())).status()).isEqualTo(200);
    }

    @Test
    void pkceWhenVerifierMissingOrWrongThenInvalidGrantAndRightOneSignsIn() {
        String email = unique("pkce");
        String verifier = "verifier-" + "v".repeat(50);
        Message message = ask("email", email, email, Map.of("code_challenge", Pkce.challengeOf(verifier)));
        JsonApi.Reply missing = api().post("/api/auth/exchange", Map.of("token", message.token()));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.text("error")).isEqualTo("invalid_grant");
        JsonApi.Reply wrong = api().post("/api/auth/exchange",
                Map.of("token", message.token(), "code_verifier", "w".repeat(60)));
        assertThat(wrong.text("error")).isEqualTo("invalid_grant");
        JsonApi.Reply right = api().post("/api/auth/exchange",
                Map.of("token", message.token(), "code_verifier", verifier));
        assertThat(right.status()).isEqualTo(200);
    }

    @Test
    void refreshWhenRotatedThenOldTokenReuseRevokesTheWholeFamily() {
        JsonApi.Reply first = signIn(unique("refresh"));
        String original = first.text("refresh_token");
        JsonApi.Reply second = api().post("/api/auth/refresh", Map.of("refresh_token", original));
        assertThat(second.status()).isEqualTo(200);
        String newest = second.text("refresh_token");
        assertThat(newest).isNotEqualTo(original);

        JsonApi.Reply reuse = api().post("/api/auth/refresh", Map.of("refresh_token", original));
        assertThat(reuse.status()).isEqualTo(400);
        assertThat(reuse.text("error")).isEqualTo("invalid_grant");
        assertThat(api().post("/api/auth/refresh", Map.of("refresh_token", newest)).status()).isEqualTo(400);
        assertThat(api().get("/api/auth/me", second.text("access_token")).status()).isEqualTo(401);
        assertThat(audit.findRecent(200)).anySatisfy(e -> assertThat(e.type()).isEqualTo(AuditEventType.REFRESH_REUSE_DETECTED));
    }

    @Test
    void meWhenBearerThenAccountAndWithoutThenUnauthorized() {
        String email = unique("me");
        JsonApi.Reply tokens = signIn(email);
        JsonApi.Reply me = api().get("/api/auth/me", tokens.text("access_token"));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.text("email")).isEqualTo(email);
        assertThat(me.text("id")).isEqualTo(tokens.body().get("user").get("id").asText());
        assertThat(me.text("created_at")).isNotBlank();
        JsonApi.Reply anonymous = api().get("/api/auth/me", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(anonymous.text("error")).isEqualTo("invalid_token");
    }

    @Test
    void logoutWhenCalledThenSessionEndsAndItsAccessTokenIsRejected() {
        JsonApi.Reply tokens = signIn(unique("logout"));
        String access = tokens.text("access_token");
        assertThat(api().post("/api/auth/logout", Map.of(), access).status()).isEqualTo(204);
        JsonApi.Reply me = api().get("/api/auth/me", access);
        assertThat(me.status()).isEqualTo(401);
        assertThat(me.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
        assertThat(api().post("/api/auth/refresh", Map.of("refresh_token", tokens.text("refresh_token"))).status())
                .isEqualTo(400);
        assertThat(api().post("/api/auth/logout", Map.of(), null).status()).isEqualTo(401);
    }

    @Test
    void logoutAllWhenCalledThenEverySessionOfTheUserEnds() {
        String email = unique("everywhere");
        JsonApi.Reply phone = signIn(email);
        JsonApi.Reply laptop = signIn(email);
        assertThat(api().post("/api/auth/logout-all", Map.of(), laptop.text("access_token")).status()).isEqualTo(204);
        assertThat(api().post("/api/auth/refresh", Map.of("refresh_token", phone.text("refresh_token"))).status())
                .isEqualTo(400);
        assertThat(api().get("/api/auth/me", phone.text("access_token")).status()).isEqualTo(401);
    }

    @Test
    void emailChangeWhenConfirmedThenAddressChangesAndOtherSessionsEnd() {
        String email = unique("old");
        String newEmail = unique("new");
        JsonApi.Reply asking = signIn(email);
        JsonApi.Reply other = signIn(email);
        int before = count(newEmail);
        JsonApi.Reply accepted = api().post("/api/auth/email-change", Map.of("new_email", newEmail),
                asking.text("access_token"));
        assertThat(accepted.status()).isEqualTo(202);
        Message confirmation = awaitMessage(newEmail, before);

        JsonApi.Reply confirmed = api().post("/api/auth/email-change/confirm", Map.of("token", confirmation.token()),
                asking.text("access_token"));
        assertThat(confirmed.status()).isEqualTo(200);
        assertThat(confirmed.body().get("user").get("email").asText()).isEqualTo(newEmail);
        assertThat(api().get("/api/auth/me", asking.text("access_token")).status()).isEqualTo(200);
        assertThat(api().get("/api/auth/me", other.text("access_token")).status()).isEqualTo(401);
        JsonApi.Reply again = api().post("/api/auth/email-change/confirm", Map.of("token", confirmation.token()));
        assertThat(again.text("error")).isEqualTo("invalid_grant");
    }

    @Test
    void emailChangeWhenTwoUsersAskForOneAddressThenFirstConfirmChangesAndSecondIsTaken() {
        String shared = unique("shared");
        JsonApi.Reply ada = signIn(unique("ada"));
        JsonApi.Reply bob = signIn(unique("bob"));
        int before = count(shared);
        assertThat(api().post("/api/auth/email-change", Map.of("new_email", shared), ada.text("access_token")).status())
                .isEqualTo(202);
        Message adas = awaitMessage(shared, before);
        assertThat(api().post("/api/auth/email-change", Map.of("new_email", shared), bob.text("access_token")).status())
                .isEqualTo(202);
        Message bobs = awaitMessage(shared, before + 1);

        JsonApi.Reply first = api().post("/api/auth/email-change/confirm", Map.of("token", adas.token()),
                ada.text("access_token"));
        assertThat(first.status()).as("bob's request left ada's change pending").isEqualTo(200);
        JsonApi.Reply second = api().post("/api/auth/email-change/confirm", Map.of("token", bobs.token()),
                bob.text("access_token"));
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.text("error")).isEqualTo("email_taken");
    }

    @Test
    void emailChangeWhenAddressTakenOrSignInStaleThenRefused() {
        String taken = unique("taken");
        signIn(taken);
        JsonApi.Reply mine = signIn(unique("mine"));
        JsonApi.Reply conflict = api().post("/api/auth/email-change", Map.of("new_email", taken), mine.text("access_token"));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.text("error")).isEqualTo("email_taken");

        ((MutableClock) clock).advance(Duration.ofMinutes(11));
        JsonApi.Reply refreshed = api().post("/api/auth/refresh", Map.of("refresh_token", mine.text("refresh_token")));
        JsonApi.Reply stale = api().post("/api/auth/email-change", Map.of("new_email", unique("later")),
                refreshed.text("access_token"));
        assertThat(stale.status()).isEqualTo(401);
        assertThat(stale.text("error")).isEqualTo("login_required");
    }

    @Test
    void stockResourceServerWhenGivenOurJwksThenAcceptsTokensAndRejectsTamperedOrExpiredOnes() {
        JsonApi.Reply tokens = signIn(unique("resource"));
        ((MutableClock) clock).advance(Duration.ofHours(-2));
        JsonApi.Reply old;
        try {
            old = signIn(unique("expired"));
        } finally {
            ((MutableClock) clock).advance(Duration.ofHours(2));
        }
        try (ConfigurableApplicationContext resourceServer = new SpringApplicationBuilder(StockResourceServer.class)
                .run("--server.port=0",
                        "--spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://localhost:" + port + "/.well-known/jwks.json",
                        "--spring.security.oauth2.resourceserver.jwt.issuer-uri=http://login.example.test",
                        // Boot's resource server expects RS256 unless told otherwise; SPEC §5 signs with ES256.
                        "--spring.security.oauth2.resourceserver.jwt.jws-algorithms=ES256")) {
            JsonApi server = new JsonApi(((WebServerApplicationContext) resourceServer).getWebServer().getPort());
            String access = tokens.text("access_token");

            JsonApi.Reply accepted = server.get("/whoami", access);
            assertThat(accepted.status()).as(String.valueOf(accepted.header("WWW-Authenticate"))).isEqualTo(200);
            assertThat(accepted.raw().body()).isEqualTo(tokens.body().get("user").get("id").asText() + " [link]");

            String[] parts = access.split("\\.");
            String tampered = parts[0] + "." + parts[1] + "." + (parts[2].charAt(0) == 'A' ? 'B' : 'A') + parts[2].substring(1);
            assertThat(server.get("/whoami", tampered).status()).isEqualTo(401);

            assertThat(server.get("/whoami", old.text("access_token")).status()).as("expired").isEqualTo(401);
            assertThat(signIn(unique("after")).status()).as("delivery still works").isEqualTo(200);
        }
    }

    @Test
    void jwksWhenFetchedThenPublishesTheSigningKeyWithoutItsPrivatePart() {
        signIn(unique("jwks"));
        JsonApi.Reply jwks = api().get("/.well-known/jwks.json", null);
        assertThat(jwks.status()).isEqualTo(200);
        var key = jwks.body().get("keys").get(0);
        assertThat(key.get("kty").asText()).isEqualTo("EC");
        assertThat(key.get("crv").asText()).isEqualTo("P-256");
        assertThat(key.has("d")).isFalse();
    }
}
