package dev.latchkey.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.identity.UserStatus;
import dev.latchkey.core.spi.AuditEventStore;
import dev.latchkey.core.spi.UserDirectory;
import dev.latchkey.spring.sample.SampleApplication;
import java.net.HttpCookie;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole web flow of SPEC §4 against a real server, a real SMTP server (GreenMail) and H2:
 * the mail's link and code are read from the MIME message a person would receive.
 */
@SpringBootTest(classes = SampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"latchkey.redirect.allowed-hosts=app.example.com", "latchkey.throttle.resend-delay=0s"})
class SignInPagesTest extends StarterTestSupport {
    @RegisterExtension
    static final GreenMailExtension SMTP = smtp();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        properties(registry, SMTP);
    }

    @Autowired
    UserDirectory users;

    @Autowired
    AuditEventStore audit;

    private Browser.Page askForLink(Browser browser, String email, Map<String, String> extra) {
        Browser.Page form = browser.get("/login");
        assertThat(form.status()).isEqualTo(200);
        java.util.Map<String, String> values = new java.util.HashMap<>(extra);
        values.put("email", email);
        Browser.Page asked = browser.submit(form, "form[action='/login']", values);
        assertThat(asked.status()).isEqualTo(303);
        assertThat(asked.location()).endsWith("/login/check");
        return asked;
    }

    @Test
    void signInWhenLinkOpenedInSameBrowserThenSignedInWithoutConfirmation() {
        Browser browser = browser();
        askForLink(browser, "link@example.com", Map.of());
        ReceivedMail mail = mailTo(SMTP, "link@example.com");
        assertThat(mail.subject()).isEqualTo("Your sign-in link");
        assertThat(mail.link()).startsWith("http://login.example.test/login/link/");
        assertThat(mail.html()).contains(mail.code());

        Browser.Page linkPage = browser.get(mail.linkPath());
        assertThat(linkPage.status()).isEqualTo(200);
        assertThat(linkPage.html().select("form#continue")).hasSize(1);
        Browser.Page signedIn = browser.submit(linkPage, "form#continue", Map.of());
        assertThat(signedIn.status()).isEqualTo(303);
        assertThat(browser.follow(signedIn).response().body()).isEqualTo("hello link@example.com");
    }

    @Test
    void signInWhenCodeTypedThenSignedInAndSentToNext() {
        Browser browser = browser();
        askForLink(browser, "code@example.com", Map.of("next", "/reports"));
        ReceivedMail mail = mailTo(SMTP, "code@example.com");

        Browser.Page check = browser.get("/login/check");
        assertThat(check.text()).contains("code@example.com");
        Browser.Page wrong = browser.submit(check, "form[action='/login/check']",
                Map.of("code", "000000".equals(mail.code()) ? "111111" : "000000"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.text()).contains("4 attempts left");

        Browser.Page signedIn = browser.submit(wrong, "form[action='/login/check']",
                Map.of("code", mail.code().substring(0, 3) + " " + mail.code().substring(3)));
        assertThat(signedIn.status()).isEqualTo(303);
        assertThat(signedIn.location()).endsWith("/reports");
        assertThat(browser.follow(signedIn).response().body()).isEqualTo("reports for code@example.com");
    }

    @Test
    void protectedPageWhenNotSignedInThenLoginAndBackToIt() {
        Browser browser = browser();
        Browser.Page denied = browser.get("/reports");
        assertThat(denied.status()).isEqualTo(302);
        assertThat(denied.location()).endsWith("/login");
        askForLink(browser, "saved@example.com", Map.of());
        ReceivedMail mail = mailTo(SMTP, "saved@example.com");
        Browser.Page signedIn = browser.submit(browser.get("/login/check"), "form[action='/login/check']",
                Map.of("code", mail.code()));
        // Spring Security marks a saved request's URL with "continue" so its filter can find the request again.
        assertThat(signedIn.location()).endsWith("/reports?continue");
        assertThat(browser.follow(signedIn).response().body()).isEqualTo("reports for saved@example.com");
    }

    @Test
    void linkWhenFetchedByScannerThenNothingIsSpentAndThePostStillSignsIn() {
        Browser browser = browser();
        askForLink(browser, "scanner@example.com", Map.of());
        ReceivedMail mail = mailTo(SMTP, "scanner@example.com");

        Browser scanner = browser();
        for (int i = 0; i < 3; i++) {
            assertThat(scanner.get(mail.linkPath()).status()).isEqualTo(200);
            assertThat(scanner.head(mail.linkPath()).status()).isEqualTo(200);
        }
        assertThat(scanner.get("/").status()).as("scanner is not signed in").isEqualTo(302);

        Browser.Page signedIn = browser.submit(browser.get(mail.linkPath()), "form#continue", Map.of());
        assertThat(signedIn.status()).isEqualTo(303);
        assertThat(browser.follow(signedIn).response().body()).isEqualTo("hello scanner@example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"//evil.example", "/\\evil.example", "https://evil.example", "javascript:alert(1)",
            "/%2F%2Fevil.example", "\\\\evil.example", "/ok\r\nLocation: https://evil.example", "http:evil.example",
            "https://app.example.com.evil.example/", "https://user@evil.example", "/%5Cevil.example"})
    void nextWhenNotSafeThenFallsBackToAfterLogin(String next) {
        assertThat(signInWithNext(next)).isEqualTo("/");
    }

    @Test
    void nextWhenRelativePathWithQueryThenHonoured() {
        assertThat(signInWithNext("/account?x=1")).isEqualTo("/account?x=1");
    }

    @Test
    void nextWhenOnAllowedHostThenHonoured() {
        assertThat(signInWithNext("https://app.example.com/welcome")).isEqualTo("https://app.example.com/welcome");
    }

    private String signInWithNext(String next) {
        String email = "next" + Math.abs(next.hashCode()) + "@example.com";
        Browser browser = browser();
        askForLink(browser, email, Map.of("next", next));
        ReceivedMail mail = mailTo(SMTP, email);
        Browser.Page signedIn = browser.submit(browser.get(mail.linkPath()), "form#continue", Map.of());
        assertThat(signedIn.status()).isEqualTo(303);
        String location = signedIn.location();
        String origin = "http://localhost:" + port;
        return location.startsWith(origin) ? location.substring(origin.length()) : location;
    }

    @Test
    void requestWhenHostHeadersArePoisonedThenLinkStillUsesBaseUrl() {
        Browser browser = browser().header("Host", "evil.example").header("X-Forwarded-Host", "evil.example")
                .header("X-Forwarded-Proto", "https");
        askForLink(browser, "poison@example.com", Map.of());
        ReceivedMail mail = mailTo(SMTP, "poison@example.com");
        assertThat(mail.link()).startsWith("http://login.example.test/login/link/");
        assertThat(mail.text() + mail.html()).doesNotContain("evil.example");
    }

    @Test
    void requestWhenForwardedForFromUntrustedPeerThenIgnored() {
        Browser browser = browser().header("X-Forwarded-For", "198.51.100.9");
        askForLink(browser, "xff@example.com", Map.of());
        ReceivedMail mail = mailTo(SMTP, "xff@example.com");
        assertThat(mail.text()).contains("127.0.0.1").doesNotContain("198.51.100.9");
    }

    @Test
    void requestWhenIdentifierIsKnownUnknownDisabledOrPrivilegedThenResponsesAreIdentical() {
        Instant now = Instant.now();
        users.insert(new User(new UserId("enum-known"), new EmailAddress("known@example.com"), null, UserStatus.ACTIVE,
                Set.of(), now, null, null));
        users.insert(new User(new UserId("enum-disabled"), new EmailAddress("disabled@example.com"), null,
                UserStatus.DISABLED, Set.of(), now, null, null));
        users.insert(new User(new UserId("enum-admin"), new EmailAddress("admin@example.com"), null, UserStatus.ACTIVE,
                Set.of("ADMIN"), now, null, null));
        List<String> shapes = new ArrayList<>();
        for (String email : List.of("known@example.com", "nobody@example.com", "disabled@example.com", "admin@example.com")) {
            Browser browser = browser();
            Browser.Page form = browser.get("/login");
            Browser.Page asked = browser.submit(form, "form[action='/login']", Map.of("email", email));
            shapes.add(shape(asked));
        }
        assertThat(shapes).allSatisfy(shape -> assertThat(shape).isEqualTo(shapes.get(0)));
        assertThat(shapes.get(0)).contains("status=303").contains("latchkey_binding");
    }

    /** Status, headers (bar Date, cookie values and the per-response CSP nonce) and cookie attributes of a response. */
    private static String shape(Browser.Page page) {
        Map<String, List<String>> headers = new TreeMap<>(page.response().headers().map());
        headers.remove("date");
        List<String> cookies = new ArrayList<>();
        for (String setCookie : headers.getOrDefault("set-cookie", List.of())) {
            for (HttpCookie cookie : HttpCookie.parse(setCookie)) {
                cookies.add(cookie.getName() + ";path=" + cookie.getPath() + ";httpOnly=" + cookie.isHttpOnly()
                        + ";secure=" + cookie.getSecure() + ";maxAge=" + cookie.getMaxAge());
            }
        }
        headers.remove("set-cookie");
        return "status=" + page.status() + " headers=" + headers.toString().replaceAll("'nonce-[^']+'", "'nonce-…'")
                + " cookies=" + cookies.stream().sorted().toList()
                + " body=" + page.response().body();
    }

    @Test
    void pagesWhenServedThenSendSecurityHeaders() {
        Browser browser = browser();
        askForLink(browser, "headers@example.com", Map.of());
        ReceivedMail mail = mailTo(SMTP, "headers@example.com");
        for (String path : List.of("/login", "/login/check", mail.linkPath())) {
            Browser.Page page = browser.get(path);
            assertThat(page.header("X-Frame-Options")).as(path).contains("DENY");
            assertThat(page.header("Referrer-Policy")).as(path).contains("no-referrer");
            assertThat(page.header("Cache-Control").orElse("")).as(path).contains("no-store");
            String csp = page.header("Content-Security-Policy").orElse("");
            assertThat(csp).as(path).contains("script-src 'nonce-").contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline");
        }
        Browser.Page continuePage = browser.get(mail.linkPath());
        String nonce = continuePage.header("Content-Security-Policy").orElseThrow().replaceAll(".*'nonce-([^']+)'.*", "$1");
        assertThat(continuePage.html().select("script").attr("nonce")).isEqualTo(nonce);
    }

    @Test
    void signInWhenItSucceedsThenSessionIdChangesAndLogoutEndsItOnTheServer() {
        Browser browser = browser();
        askForLink(browser, "session@example.com", Map.of());
        String before = browser.cookie("JSESSIONID").orElseThrow().getValue();
        ReceivedMail mail = mailTo(SMTP, "session@example.com");
        browser.submit(browser.get(mail.linkPath()), "form#continue", Map.of());
        String after = browser.cookie("JSESSIONID").orElseThrow().getValue();
        assertThat(after).isNotEqualTo(before);
        assertThat(browser.get("/").status()).isEqualTo(200);

        Browser thief = browser();
        thief.header("Cookie", "JSESSIONID=" + after);
        assertThat(thief.get("/").status()).as("stolen cookie works before logout").isEqualTo(200);

        Browser.Page account = browser.get("/account");
        Browser.Page loggedOut = browser.submit(account, "form[action='/logout']", Map.of());
        assertThat(loggedOut.status()).isEqualTo(303);
        assertThat(loggedOut.location()).endsWith("/login");
        assertThat(thief.get("/").status()).as("server-side session is gone").isEqualTo(302);
        assertThat(audit.findRecent(100)).anySatisfy(e -> assertThat(e.type()).isEqualTo(AuditEventType.LOGOUT));
    }

    @Test
    void linkWhenOpenedInAnotherBrowserThenConfirmationNamesAccountAndRequester() {
        Browser asker = browser();
        askForLink(asker, "other@example.com", Map.of());
        ReceivedMail mail = mailTo(SMTP, "other@example.com");

        Browser other = browser();
        Browser.Page confirm = other.get(mail.linkPath());
        assertThat(confirm.html().select("form#continue")).isEmpty();
        assertThat(confirm.text()).contains("other@example.com").contains("127.0.0.1").contains("Firefox on Linux")
                .contains("Continue").contains("This wasn't me");
        Browser.Page signedIn = other.submit(confirm, "form[action='/login/link']", Map.of());
        assertThat(signedIn.status()).isEqualTo(303);
        assertThat(other.follow(signedIn).response().body()).isEqualTo("hello other@example.com");
    }

    @Test
    void denyWhenThisWasNotMeThenLinkAndCodeStopWorking() {
        Browser asker = browser();
        askForLink(asker, "deny@example.com", Map.of());
        ReceivedMail mail = mailTo(SMTP, "deny@example.com");

        Browser owner = browser();
        Browser.Page denied = owner.submit(owner.get(mail.linkPath()), "form[action='/login/deny']", Map.of());
        assertThat(denied.status()).isEqualTo(200);
        assertThat(denied.text()).contains("Sign-in cancelled");

        Browser.Page viaCode = asker.submit(asker.get("/login/check"), "form[action='/login/check']",
                Map.of("code", mail.code()));
        assertThat(viaCode.status()).isEqualTo(410);
        assertThat(owner.get(mail.linkPath()).status()).isEqualTo(410);
        assertThat(audit.findRecent(50)).anySatisfy(e -> assertThat(e.type()).isEqualTo(AuditEventType.LOGIN_DENIED_BY_USER));
    }

    @Test
    void emailChangeWhenConfirmedThenAddressChangesOldAddressIsToldAndOtherSessionsEnd() {
        Browser browser = browser();
        askForLink(browser, "mover@example.com", Map.of());
        ReceivedMail signIn = mailTo(SMTP, "mover@example.com");
        browser.submit(browser.get(signIn.linkPath()), "form#continue", Map.of());
        Browser elsewhere = browser();
        askForLink(elsewhere, "mover@example.com", Map.of());
        ReceivedMail second = mailTo(SMTP, "mover@example.com");
        elsewhere.submit(elsewhere.get("/login/check"), "form[action='/login/check']", Map.of("code", second.code()));
        assertThat(elsewhere.get("/").status()).isEqualTo(200);

        Browser.Page sent = browser.submit(browser.get("/account"), "form[action='/account/email']",
                Map.of("new_email", "moved@example.com"));
        assertThat(sent.status()).isEqualTo(200);
        ReceivedMail confirmation = mailTo(SMTP, "moved@example.com");
        assertThat(confirmation.subject()).isEqualTo("Confirm your new email address");
        Browser.Page changed = browser.submit(browser.get(confirmation.linkPath()),
                "form[action='/account/email/confirm']", Map.of());
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.text()).contains("moved@example.com");

        ReceivedMail notice = mailTo(SMTP, "mover@example.com");
        assertThat(notice.subject()).isEqualTo("Your email address was changed");
        assertThat(browser.get("/account").text()).contains("moved@example.com");
        assertThat(elsewhere.get("/").status()).as("other session ended").isEqualTo(302);
    }

    @Test
    void emailChangeWhenAddressTakenThenConflictPage() {
        Browser other = browser();
        askForLink(other, "taken@example.com", Map.of());
        other.submit(other.get("/login/check"), "form[action='/login/check']", Map.of("code", mailTo(SMTP, "taken@example.com").code()));
        Browser browser = browser();
        askForLink(browser, "wants@example.com", Map.of());
        browser.submit(browser.get("/login/check"), "form[action='/login/check']", Map.of("code", mailTo(SMTP, "wants@example.com").code()));

        Browser.Page refused = browser.submit(browser.get("/account"), "form[action='/account/email']",
                Map.of("new_email", "taken@example.com"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.text()).contains("belongs to another account");
    }
}
