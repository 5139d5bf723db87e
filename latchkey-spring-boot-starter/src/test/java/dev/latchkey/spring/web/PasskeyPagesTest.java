package dev.latchkey.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import dev.latchkey.core.testing.MutableClock;
import dev.latchkey.spring.passkey.SoftwareAuthenticator;
import dev.latchkey.spring.sample.SampleApplication;
import dev.latchkey.spring.testing.MovableClockConfiguration;
import java.net.HttpCookie;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Passkeys on the pages over real HTTP, with a software authenticator standing in for the
 * browser's WebAuthn: the offer and its 30-day cookie, the fresh-login rule, the notice mail
 * (GreenMail) and the page session a passkey sign-in makes.
 */
@SpringBootTest(classes = {SampleApplication.class, MovableClockConfiguration.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "latchkey.throttle.resend-delay=0s")
class PasskeyPagesTest extends StarterTestSupport {
    private static final String ORIGIN = "http://login.example.test";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static final GreenMailExtension SMTP = smtp();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        properties(registry, SMTP);
    }

    @Autowired
    MutableClock clock;

    @Autowired
    SessionRegistry sessions;

    /** Visits the sign-in page as a browser with a platform authenticator, whose script reports it. */
    private Browser.Page capableLoginPage(Browser browser) {
        Browser.Page login = browser.get("/login");
        assertThat(browser.postJson("/login/passkey/capable", "{}", csrfHeader(login), csrfToken(login)).status())
                .isEqualTo(204);
        return login;
    }

    /** Signs in by code and returns the answer to the code, a redirect. */
    private Browser.Page signInByCode(Browser browser, Browser.Page login, String email, String next) {
        Browser.Page asked = browser.submit(login, "form[action='/login']", Map.of("email", email, "next", next));
        assertThat(asked.location()).endsWith("/login/check");
        ReceivedMail mail = mailTo(SMTP, email);
        Browser.Page signedIn = browser.submit(browser.get("/login/check"), "form[action='/login/check']",
                Map.of("code", mail.code()));
        assertThat(signedIn.status()).isEqualTo(303);
        return signedIn;
    }

    private static String csrfToken(Browser.Page page) {
        return page.html().selectFirst("meta[name=_csrf]").attr("content");
    }

    private static String csrfHeader(Browser.Page page) {
        return page.html().selectFirst("meta[name=_csrf_header]").attr("content");
    }

    private static JsonNode json(Browser.Page page) {
        return JSON.readTree(page.response().body());
    }

    /** Adds {@code authenticator}'s passkey from the account page, as its script does. */
    private Browser.Page addPasskey(Browser browser, SoftwareAuthenticator authenticator) {
        Browser.Page account = browser.get("/account");
        Browser.Page options = browser.postJson("/account/passkeys/options", "{}", csrfHeader(account), csrfToken(account));
        assertThat(options.status()).as(options.response().body()).isEqualTo(200);
        String credential = JSON.writeValueAsString(authenticator.register(json(options).get("publicKey"), ORIGIN));
        return browser.postJson("/account/passkeys", "{\"credential\":" + credential + ",\"label\":\"Laptop\"}",
                csrfHeader(account), csrfToken(account));
    }

    @Test
    void offerWhenSkippedThenNotShownAgainForThirtyDays() {
        Browser browser = browser();
        Browser.Page signedIn = signInByCode(browser, capableLoginPage(browser), "offer@example.com", "/reports");
        assertThat(signedIn.location()).endsWith(PasskeyOffer.PATH);

        Browser.Page offer = browser.follow(signedIn);
        assertThat(offer.status()).isEqualTo(200);
        assertThat(offer.text()).contains("Sign in faster next time: add a passkey");
        Browser.Page skipped = browser.submit(offer, "form#passkey-offer-skip", Map.of());
        assertThat(skipped.location()).endsWith("/reports");
        assertThat(browser.setCookies()).anySatisfy(cookie -> assertThat(cookie)
                .startsWith(PasskeyOffer.COOKIE + "=").contains("Max-Age=2592000").contains("HttpOnly")
                .contains("SameSite=Lax"));

        browser.submit(browser.get("/account"), "form[action='/logout']", Map.of());
        Browser.Page again = signInByCode(browser, capableLoginPage(browser), "offer@example.com", "/reports");
        assertThat(again.location()).endsWith("/reports");
    }

    @Test
    void offerWhenBrowserReportedNoPlatformAuthenticatorThenSignInGoesStraightOn() {
        Browser browser = browser();
        Browser.Page signedIn = signInByCode(browser, browser.get("/login"), "no-offer@example.com", "/reports");

        assertThat(signedIn.location()).endsWith("/reports");
    }

    @Test
    void addWhenSignInIsStaleThenSentToSignInAgain() {
        Browser browser = browser();
        signInByCode(browser, browser.get("/login"), "stale@example.com", "/");
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));

        Browser.Page account = browser.get("/account");
        Browser.Page options = browser.postJson("/account/passkeys/options", "{}", csrfHeader(account), csrfToken(account));

        assertThat(options.status()).isEqualTo(401);
        assertThat(json(options).get("redirect").asText()).isEqualTo("/login?reauth&next=/account");
    }

    @Test
    void addThenNoticeMailWithoutSecretAndPasskeySignInMakesARegisteredPageSession() {
        String email = "notice-page@example.com";
        Browser browser = browser();
        signInByCode(browser, browser.get("/login"), email, "/");
        SoftwareAuthenticator laptop = new SoftwareAuthenticator(false, true);

        Browser.Page added = addPasskey(browser, laptop);

        assertThat(added.status()).as(added.response().body()).isEqualTo(201);
        ReceivedMail notice = mailTo(SMTP, email);
        assertThat(notice.subject()).isEqualTo("A passkey was added to your account");
        assertThat(notice.text()).contains("Firefox").doesNotContain("/login/link/").doesNotContain("code:");
        assertThat(notice.link()).isEmpty();
        Browser.Page account = browser.get("/account");
        assertThat(account.html().select(".passkey input[name=label]").attr("value")).isEqualTo("Laptop");
        assertThat(account.text()).contains("Never used");

        Browser other = browser();
        Browser.Page login = other.get("/login");
        Browser.Page options = other.postJson("/login/passkey/options", "{}", csrfHeader(login), csrfToken(login));
        String before = other.cookie("JSESSIONID").map(HttpCookie::getValue).orElseThrow();
        String credential = JSON.writeValueAsString(laptop.authenticate(json(options).get("publicKey"), ORIGIN));
        Browser.Page signedIn = other.postJson("/login/passkey", "{\"credential\":" + credential + "}",
                csrfHeader(login), csrfToken(login));

        assertThat(signedIn.status()).as(signedIn.response().body()).isEqualTo(200);
        assertThat(json(signedIn).get("redirect").asText()).isEqualTo("/");
        String after = other.cookie("JSESSIONID").map(HttpCookie::getValue).orElseThrow();
        assertThat(after).isNotEqualTo(before);
        assertThat(other.get("/").response().body()).isEqualTo("hello " + email);
        assertThat(sessions.getSessionInformation(after)).isNotNull();
        assertThat(other.get("/account").text()).contains("Last used");
    }
}
