package dev.latchkey.spring.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.Latchkey;
import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.policy.LoginPolicy;
import dev.latchkey.core.spi.AuditEventStore;
import dev.latchkey.core.spi.UserDirectory;
import dev.latchkey.core.testing.MutableClock;
import dev.latchkey.spring.delivery.DevMailbox;
import dev.latchkey.spring.sample.SampleApplication;
import dev.latchkey.spring.testing.MovableClockConfiguration;
import dev.latchkey.spring.web.Browser;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

/**
 * SPEC §2 rule 13 across surfaces, in an application that keeps container sessions (the starter's
 * {@code SessionRegistry}): one person signed in on a page and through the API has one set of
 * sessions, so ending them on one surface ends the other too.
 */
@SpringBootTest(classes = {SampleApplication.class, MovableClockConfiguration.class, OneSetOfSessionsTest.Veto.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
                "latchkey.secret=sessions-test-secret-sessions-test-secret-01",
                "latchkey.base-url=http://login.example.test",
                "latchkey.mail.transport=dev-mailbox",
                "latchkey.throttle.requests-per-ip=10000/1h",
                "latchkey.throttle.requests-per-identifier=1000/1h",
                "latchkey.throttle.failures-per-ip=10000/1h",
                "latchkey.throttle.resend-delay=0s",
                "latchkey.delivery.poll-interval=50ms"})
class OneSetOfSessionsTest {
    private static final Pattern TOKEN = Pattern.compile("/([A-Za-z0-9_-]{43})\\b");

    /** A {@code LoginPolicy} that vetoes the addresses a test puts here. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Veto {
        static final Set<String> VETOED = ConcurrentHashMap.newKeySet();

        @Bean
        LoginPolicy vetoingPolicy() {
            return user -> user.email() == null || !VETOED.contains(user.email().value());
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    DevMailbox mailbox;

    @Autowired
    Latchkey latchkey;

    @Autowired
    UserDirectory users;

    @Autowired
    AuditEventStore audit;

    @Autowired
    MutableClock clock;

    /** One person, signed in in a browser and in an app. */
    private record SignedIn(Browser browser, String access, String refresh, UserId user) {}

    private String awaitToken(String recipient, int before) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            var mine = mailbox.messages().stream().filter(m -> m.recipient().equals(recipient)).toList();
            if (mine.size() > before) {
                Matcher token = TOKEN.matcher(mine.get(0).text());
                assertThat(token.find()).isTrue();
                return token.group(1);
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no message to " + recipient);
    }

    private int count(String recipient) {
        return (int) mailbox.messages().stream().filter(m -> m.recipient().equals(recipient)).count();
    }

    private SignedIn signInOnBoth(String email) {
        Browser browser = new Browser(port);
        int before = count(email);
        Browser.Page asked = browser.submit(browser.get("/login"), "form[action='/login']", Map.of("email", email));
        assertThat(asked.status()).isEqualTo(303);
        Browser.Page signedIn = browser.submit(browser.get("/login/link/" + awaitToken(email, before)), "form#continue",
                Map.of());
        assertThat(signedIn.status()).isEqualTo(303);
        assertThat(browser.get("/account").status()).as("signed in on the page").isEqualTo(200);

        JsonApi api = new JsonApi(port);
        before = count(email);
        assertThat(api.post("/api/auth/request", Map.of("email", email)).status()).isEqualTo(202);
        JsonApi.Reply tokens = api.post("/api/auth/exchange", Map.of("token", awaitToken(email, before)));
        assertThat(tokens.status()).as(tokens.raw().body()).isEqualTo(200);
        assertThat(api.get("/api/auth/me", tokens.text("access_token")).status()).as("signed in by API").isEqualTo(200);
        return new SignedIn(browser, tokens.text("access_token"), tokens.text("refresh_token"),
                users.findByIdentifier(new EmailAddress(email)).orElseThrow().id());
    }

    private void assertApiSessionEnded(SignedIn person) {
        JsonApi api = new JsonApi(port);
        JsonApi.Reply refreshed = api.post("/api/auth/refresh", Map.of("refresh_token", person.refresh()));
        assertThat(refreshed.status()).isEqualTo(400);
        assertThat(refreshed.text("error")).isEqualTo("invalid_grant");
        assertThat(api.get("/api/auth/me", person.access()).status()).isEqualTo(401);
    }

    private static void assertPageSignedOut(SignedIn person) {
        Browser.Page account = person.browser().get("/account");
        assertThat(account.status()).isEqualTo(302);
        assertThat(account.location()).endsWith("/login");
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    @Test
    void signOutEverywhereWhenOnThePageThenTheApiSessionIsDeadToo() {
        SignedIn person = signInOnBoth(unique("page-everywhere"));

        Browser.Page done = person.browser().submit(person.browser().get("/account"),
                "form[action='/account/sessions/end']", Map.of());
        assertThat(done.status()).isEqualTo(303);

        assertApiSessionEnded(person);
        assertPageSignedOut(person);
        assertThat(audit.findRecent(100)).anySatisfy(e -> {
            assertThat(e.type()).isEqualTo(AuditEventType.SESSIONS_REVOKED);
            assertThat(e.userId()).isEqualTo(person.user());
            assertThat(e.reason()).isEqualTo("sign_out_everywhere");
        });
    }

    @Test
    void logoutAllWhenThroughTheApiThenThePageIsSignedOutToo() {
        SignedIn person = signInOnBoth(unique("api-everywhere"));

        assertThat(new JsonApi(port).post("/api/auth/logout-all", Map.of(), person.access()).status()).isEqualTo(204);

        assertPageSignedOut(person);
        assertApiSessionEnded(person);
    }

    @Test
    void emailChangeWhenConfirmedOnThePageThenApiSessionsEndAndTheAskingPageStays() {
        SignedIn person = signInOnBoth(unique("page-mover"));
        String newEmail = unique("page-moved");
        int before = count(newEmail);
        Browser.Page sent = person.browser().submit(person.browser().get("/account"), "form[action='/account/email']",
                Map.of("new_email", newEmail));
        assertThat(sent.status()).isEqualTo(200);

        Browser.Page changed = person.browser().submit(
                person.browser().get("/account/email/confirm/" + awaitToken(newEmail, before)),
                "form[action='/account/email/confirm']", Map.of());
        assertThat(changed.status()).isEqualTo(200);

        assertApiSessionEnded(person);
        assertThat(person.browser().get("/account").status()).as("the page that asked stays signed in").isEqualTo(200);
    }

    @Test
    void emailChangeWhenConfirmedThroughTheApiThenThePageIsSignedOutAndTheAskingApiSessionStays() {
        SignedIn person = signInOnBoth(unique("api-mover"));
        String newEmail = unique("api-moved");
        JsonApi api = new JsonApi(port);
        int before = count(newEmail);
        assertThat(api.post("/api/auth/email-change", Map.of("new_email", newEmail), person.access()).status())
                .isEqualTo(202);

        assertThat(api.post("/api/auth/email-change/confirm", Map.of("token", awaitToken(newEmail, before)),
                person.access()).status()).isEqualTo(200);

        assertPageSignedOut(person);
        assertThat(api.get("/api/auth/me", person.access()).status()).as("the API session that asked stays").isEqualTo(200);
    }

    @Test
    void disableUserWhenSignedInOnBothThenBothEnd() {
        SignedIn person = signInOnBoth(unique("disabled"));

        assertThat(latchkey.disableUser(person.user())).isTrue();

        assertPageSignedOut(person);
        assertApiSessionEnded(person);
    }

    @Test
    void refreshWhenLoginPolicyNowVetoesThenRefusedAndThePageIsSignedOut() {
        String email = unique("vetoed");
        SignedIn person = signInOnBoth(email);
        Veto.VETOED.add(email);

        assertApiSessionEnded(person);
        assertPageSignedOut(person);
    }

    @Test
    void refreshWhenSessionMaxAgePassedThenRefusedWhateverItsRefreshes() {
        SignedIn person = signInOnBoth(unique("old-session"));
        JsonApi api = new JsonApi(port);
        Instant start = clock.instant();
        try {
            String refresh = person.refresh();
            for (int i = 0; i < 3; i++) {
                clock.advance(Duration.ofDays(25));
                JsonApi.Reply refreshed = api.post("/api/auth/refresh", Map.of("refresh_token", refresh));
                assertThat(refreshed.status()).as("refresh on day %d", 25 * (i + 1)).isEqualTo(200);
                refresh = refreshed.text("refresh_token");
            }
            clock.advance(Duration.ofDays(16));

            JsonApi.Reply refused = api.post("/api/auth/refresh", Map.of("refresh_token", refresh));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.text("error")).isEqualTo("invalid_grant");
        } finally {
            clock.set(start);
        }
    }
}
