package dev.latchkey.spring.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.identity.UserStatus;
import dev.latchkey.core.spi.AuditEventStore;
import dev.latchkey.core.spi.UserDirectory;
import dev.latchkey.core.testing.MutableClock;
import dev.latchkey.spring.delivery.DevMailbox;
import dev.latchkey.spring.passkey.SoftwareAuthenticator;
import dev.latchkey.spring.sample.SampleApplication;
import dev.latchkey.spring.testing.MovableClockConfiguration;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The passkey ceremonies of SPEC §10's JSON API, driven by a software authenticator over real HTTP:
 * registration and sign-in, and each way a ceremony must fail with its §10 error.
 */
@SpringBootTest(classes = {SampleApplication.class, MovableClockConfiguration.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
                "latchkey.secret=passkey-api-test-secret-passkey-api-0123456789",
                "latchkey.base-url=https://login.example.test",
                "latchkey.mail.transport=dev-mailbox",
                "latchkey.throttle.requests-per-ip=10000/1h",
                "latchkey.throttle.failures-per-ip=10000/1h",
                "latchkey.throttle.resend-delay=0s",
                "latchkey.delivery.poll-interval=50ms"})
class PasskeyApiTest {
    private static final String ORIGIN = "https://login.example.test";
    private static final Pattern TOKEN = Pattern.compile("/login/link/([A-Za-z0-9_-]{43})\\b");

    @LocalServerPort
    int port;

    @Autowired
    DevMailbox mailbox;

    @Autowired
    UserDirectory users;

    @Autowired
    AuditEventStore audit;

    @Autowired
    MutableClock clock;

    private JsonApi api() {
        return new JsonApi(port);
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** Signs in by link and returns the access token. */
    private String signIn(String email) {
        assertThat(api().post("/api/auth/request", Map.of("email", email)).status()).isEqualTo(202);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            var mine = mailbox.messages().stream().filter(m -> m.recipient().equals(email)
                    && TOKEN.matcher(m.text()).find()).toList();
            if (!mine.isEmpty()) {
                Matcher token = TOKEN.matcher(mine.get(0).text());
                assertThat(token.find()).isTrue();
                JsonApi.Reply tokens = api().post("/api/auth/exchange", Map.of("token", token.group(1)));
                assertThat(tokens.status()).as(tokens.raw().body()).isEqualTo(200);
                return tokens.text("access_token");
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no message to " + email);
    }

    /** Registers {@code authenticator}'s passkey for the holder of {@code bearer}; returns the 201 reply. */
    private JsonApi.Reply register(String bearer, SoftwareAuthenticator authenticator, String label) {
        JsonApi.Reply options = api().post("/api/auth/passkeys/register/options", Map.of(), bearer);
        assertThat(options.status()).as(options.raw().body()).isEqualTo(200);
        return api().post("/api/auth/passkeys/register", Map.of("ceremony_id", options.text("ceremony_id"),
                "credential", authenticator.register(options.body().get("public_key"), ORIGIN), "label", label), bearer);
    }

    private JsonApi.Reply authenticationOptions() {
        JsonApi.Reply options = api().post("/api/auth/passkeys/authenticate/options", Map.of());
        assertThat(options.status()).isEqualTo(200);
        return options;
    }

    private JsonApi.Reply authenticate(String ceremonyId, Map<String, Object> credential) {
        return api().post("/api/auth/passkeys/authenticate", Map.of("ceremony_id", ceremonyId, "credential", credential));
    }

    private JsonApi.Reply authenticate(SoftwareAuthenticator authenticator) {
        JsonApi.Reply options = authenticationOptions();
        return authenticate(options.text("ceremony_id"), authenticator.authenticate(options.body().get("public_key"), ORIGIN));
    }

    private static void assertInvalidGrant(JsonApi.Reply reply) {
        assertThat(reply.status()).as(reply.raw().body()).isEqualTo(400);
        assertThat(reply.text("error")).isEqualTo("invalid_grant");
        assertThat(reply.text("detail")).isNotBlank();
    }

    private static List<String> amr(String accessToken) {
        String payload = new String(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]), StandardCharsets.UTF_8);
        JsonNode claims = JsonMapper.builder().build().readTree(payload);
        List<String> values = new ArrayList<>();
        claims.get("amr").forEach(value -> values.add(value.asText()));
        return values;
    }

    @Test
    void registerThenAuthenticateWhenSyncedAndVerifiedThenTokensWithSwkUser() {
        String email = unique("synced");
        String bearer = signIn(email);
        SoftwareAuthenticator phone = new SoftwareAuthenticator(true, true);

        JsonApi.Reply added = register(bearer, phone, "My phone");
        assertThat(added.status()).as(added.raw().body()).isEqualTo(201);
        assertThat(added.text("id")).isEqualTo(phone.credentialId());
        assertThat(added.text("label")).isEqualTo("My phone");
        assertThat(Instant.parse(added.text("created_at"))).isNotNull();

        JsonApi.Reply listed = api().get("/api/auth/passkeys", bearer);
        assertThat(listed.status()).isEqualTo(200);
        JsonNode only = listed.body().get("passkeys").get(0);
        assertThat(only.get("id").asText()).isEqualTo(phone.credentialId());
        assertThat(only.get("synced").asBoolean()).isTrue();
        assertThat(only.get("last_used_at").isNull()).isTrue();

        JsonApi.Reply tokens = authenticate(phone);
        assertThat(tokens.status()).as(tokens.raw().body()).isEqualTo(200);
        assertThat(tokens.header("Cache-Control")).contains("no-store");
        assertThat(tokens.body().get("user").get("email").asText()).isEqualTo(email);
        assertThat(tokens.text("refresh_token")).isNotBlank();
        assertThat(amr(tokens.text("access_token"))).containsExactly("swk", "user");
        assertThat(api().get("/api/auth/me", tokens.text("access_token")).status()).isEqualTo(200);
        assertThat(api().get("/api/auth/passkeys", bearer).body().get("passkeys").get(0).get("last_used_at").isNull())
                .isFalse();
        // The refreshed token names the same method.
        JsonApi.Reply refreshed = api().post("/api/auth/refresh", Map.of("refresh_token", tokens.text("refresh_token")));
        assertThat(amr(refreshed.text("access_token"))).containsExactly("swk", "user");
    }

    @Test
    void authenticateWhenDeviceBoundWithoutVerificationThenAmrIsHwk() {
        String bearer = signIn(unique("device"));
        SoftwareAuthenticator key = new SoftwareAuthenticator(false, false);
        assertThat(register(bearer, key, "Security key").status()).isEqualTo(201);

        JsonApi.Reply tokens = authenticate(key);

        assertThat(tokens.status()).isEqualTo(200);
        assertThat(amr(tokens.text("access_token"))).containsExactly("hwk");
        assertThat(audit.findRecent(50)).anySatisfy(event -> {
            assertThat(event.type()).isEqualTo(AuditEventType.LOGIN_SUCCEEDED);
            assertThat(event.reason()).isEqualTo("passkey");
        });
    }

    @Test
    void authenticateWhenCeremonyReplayedThenInvalidGrant() {
        String bearer = signIn(unique("replay"));
        SoftwareAuthenticator phone = new SoftwareAuthenticator(true, true);
        register(bearer, phone, "Phone");
        JsonApi.Reply options = authenticationOptions();
        Map<String, Object> assertion = phone.authenticate(options.body().get("public_key"), ORIGIN);

        assertThat(authenticate(options.text("ceremony_id"), assertion).status()).isEqualTo(200);
        assertInvalidGrant(authenticate(options.text("ceremony_id"), assertion));
        assertInvalidGrant(authenticate("no-such-ceremony", assertion));
        assertThat(audit.findRecent(50)).anySatisfy(event -> {
            assertThat(event.type()).isEqualTo(AuditEventType.LOGIN_FAILED);
            assertThat(event.reason()).isEqualTo("unknown_ceremony");
        });
    }

    @Test
    void authenticateWhenCeremonyOlderThanFiveMinutesThenInvalidGrant() {
        String bearer = signIn(unique("late"));
        SoftwareAuthenticator phone = new SoftwareAuthenticator(true, true);
        register(bearer, phone, "Phone");
        JsonApi.Reply options = authenticationOptions();

        clock.advance(Duration.ofMinutes(5).plusSeconds(1));

        assertInvalidGrant(authenticate(options.text("ceremony_id"),
                phone.authenticate(options.body().get("public_key"), ORIGIN)));
    }

    @Test
    void authenticateWhenWrongOriginOrRpIdOrBadSignatureThenInvalidGrant() {
        String bearer = signIn(unique("tampered"));
        SoftwareAuthenticator phone = new SoftwareAuthenticator(true, true);
        register(bearer, phone, "Phone");

        JsonApi.Reply options = authenticationOptions();
        assertInvalidGrant(authenticate(options.text("ceremony_id"),
                phone.authenticate(options.body().get("public_key"), "https://evil.example.test")));
        options = authenticationOptions();
        assertInvalidGrant(authenticate(options.text("ceremony_id"),
                phone.authenticate(options.body().get("public_key"), ORIGIN, "evil.example.test", false)));
        options = authenticationOptions();
        assertInvalidGrant(authenticate(options.text("ceremony_id"),
                phone.authenticate(options.body().get("public_key"), ORIGIN, "login.example.test", true)));

        assertThat(authenticate(phone).status()).isEqualTo(200);
    }

    @Test
    void registerWhenWrongOriginOrRpIdThenInvalidGrant() {
        String bearer = signIn(unique("bad-registration"));
        SoftwareAuthenticator phone = new SoftwareAuthenticator(true, true);

        JsonApi.Reply options = api().post("/api/auth/passkeys/register/options", Map.of(), bearer);
        assertInvalidGrant(api().post("/api/auth/passkeys/register", Map.of("ceremony_id", options.text("ceremony_id"),
                "credential", phone.register(options.body().get("public_key"), "https://evil.example.test")), bearer));
        options = api().post("/api/auth/passkeys/register/options", Map.of(), bearer);
        assertInvalidGrant(api().post("/api/auth/passkeys/register", Map.of("ceremony_id", options.text("ceremony_id"),
                "credential", phone.register(options.body().get("public_key"), ORIGIN, "evil.example.test")), bearer));

        assertThat(api().get("/api/auth/passkeys", bearer).body().get("passkeys").isEmpty()).isTrue();
    }

    @Test
    void authenticateWhenCounterWentBackwardsThenInvalidGrantAndAudited() {
        String bearer = signIn(unique("clone"));
        SoftwareAuthenticator phone = new SoftwareAuthenticator(false, true);
        phone.counter(10);
        register(bearer, phone, "Key");
        assertThat(authenticate(phone).status()).isEqualTo(200);

        phone.counter(3);

        assertInvalidGrant(authenticate(phone));
        assertThat(audit.findRecent(50)).anySatisfy(event -> {
            assertThat(event.type()).isEqualTo(AuditEventType.LOGIN_FAILED);
            assertThat(event.reason()).isEqualTo("counter_regressed");
        });
    }

    @Test
    void authenticateWhenUnknownOrRemovedCredentialThenInvalidGrant() {
        assertInvalidGrant(authenticate(new SoftwareAuthenticator(true, true)));

        String bearer = signIn(unique("removed"));
        SoftwareAuthenticator phone = new SoftwareAuthenticator(true, true);
        register(bearer, phone, "Phone");
        assertThat(api().delete("/api/auth/passkeys/" + phone.credentialId(), bearer).status()).isEqualTo(204);

        assertInvalidGrant(authenticate(phone));
        assertThat(audit.findRecent(50)).anySatisfy(event -> assertThat(event.type()).isEqualTo(AuditEventType.PASSKEY_REMOVED));
    }

    @Test
    void registerWhenSignInIsStaleThenLoginRequired() {
        String bearer = signIn(unique("stale"));
        JsonApi.Reply options = api().post("/api/auth/passkeys/register/options", Map.of(), bearer);
        SoftwareAuthenticator phone = new SoftwareAuthenticator(true, true);
        Map<String, Object> credential = phone.register(options.body().get("public_key"), ORIGIN);

        clock.advance(Duration.ofMinutes(10).plusSeconds(1));

        JsonApi.Reply late = api().post("/api/auth/passkeys/register", Map.of("ceremony_id", options.text("ceremony_id"),
                "credential", credential), bearer);
        assertThat(late.status()).isEqualTo(401);
        assertThat(late.text("error")).isEqualTo("login_required");
        JsonApi.Reply again = api().post("/api/auth/passkeys/register/options", Map.of(), bearer);
        assertThat(again.status()).isEqualTo(401);
        assertThat(again.text("error")).isEqualTo("login_required");
        // Listing needs only a valid Bearer, not a fresh one.
        assertThat(api().get("/api/auth/passkeys", bearer).status()).isEqualTo(200);
    }

    @Test
    void passkeyEndpointsWhenNoBearerThenUnauthorized() {
        assertThat(api().post("/api/auth/passkeys/register/options", Map.of()).status()).isEqualTo(401);
        assertThat(api().get("/api/auth/passkeys", null).status()).isEqualTo(401);
    }

    @Test
    void authenticateWhenUserDisabledThenAccessDenied() {
        String email = unique("disabled");
        String bearer = signIn(email);
        SoftwareAuthenticator phone = new SoftwareAuthenticator(true, true);
        register(bearer, phone, "Phone");
        users.update(users.findByIdentifier(new EmailAddress(email)).orElseThrow().withStatus(UserStatus.DISABLED));

        JsonApi.Reply refused = authenticate(phone);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text("error")).isEqualTo("access_denied");
    }

    @Test
    void deleteWhenAnotherUsersPasskeyThenNotFoundAndItStays() {
        String owner = signIn(unique("owner"));
        SoftwareAuthenticator phone = new SoftwareAuthenticator(true, true);
        register(owner, phone, "Phone");
        String stranger = signIn(unique("stranger"));

        JsonApi.Reply denied = api().delete("/api/auth/passkeys/" + phone.credentialId(), stranger);

        assertThat(denied.status()).isEqualTo(404);
        assertThat(denied.text("error")).isEqualTo("not_found");
        assertThat(authenticate(phone).status()).isEqualTo(200);
    }

    @Test
    void registerWhenAddedThenNoticeWithoutSecretGoesToTheAccountsAddress() {
        String email = unique("notice");
        String bearer = signIn(email);
        register(bearer, new SoftwareAuthenticator(true, true), "Phone");

        long deadline = System.nanoTime() + 10_000_000_000L;
        List<DevMailbox.Entry> notices = List.of();
        while (notices.isEmpty() && System.nanoTime() < deadline) {
            notices = mailbox.messages().stream().filter(m -> m.recipient().equals(email)
                    && m.text().contains("A passkey was added")).toList();
            Thread.onSpinWait();
        }
        assertThat(notices).singleElement().satisfies(notice -> {
            assertThat(notice.text()).doesNotContain("/login/link/").doesNotContainPattern("code:? ?\\d{6}");
            assertThat(notice.subject()).isEqualTo("A passkey was added to your account");
            assertThat(notice.text()).contains("from 127.0.0.1");
        });
        assertThat(audit.findRecent(50)).anySatisfy(event -> assertThat(event.type()).isEqualTo(AuditEventType.PASSKEY_ADDED));
    }
}
