package dev.latchkey.spring.web;

import static dev.latchkey.spring.web.Chromium.WAIT;
import static dev.latchkey.spring.web.Chromium.bodyText;
import static dev.latchkey.spring.web.Chromium.shoot;
import static dev.latchkey.spring.web.Chromium.submit;
import static dev.latchkey.spring.web.Chromium.type;
import static dev.latchkey.spring.web.Chromium.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.spring.delivery.DevMailbox;
import dev.latchkey.spring.sample.SampleApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.Credential;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Passkeys in a real browser (SPEC §10): Debian's headless Chromium with a virtual platform
 * authenticator (user-verifying, like a phone's or laptop's). A code proves the address, the offer
 * adds a passkey, and from then on one touch signs in without any message. The relying party id is
 * the base URL's host, so this test serves on a port it picks before start-up and names
 * {@code http://localhost:<port>} as the base URL.
 */
@SpringBootTest(classes = SampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = {
                "spring.datasource.url=jdbc:h2:mem:${random.uuid};DB_CLOSE_DELAY=-1",
                "latchkey.secret=" + StarterTestSupport.SECRET,
                "latchkey.mail.transport=dev-mailbox",
                "latchkey.throttle.requests-per-ip=1000/1h",
                "latchkey.throttle.requests-per-identifier=100/1h",
                "latchkey.throttle.failures-per-ip=1000/1h",
                "latchkey.throttle.resend-delay=0s",
                "latchkey.delivery.poll-interval=100ms",
                "latchkey.delivery.retry-backoff=200ms"})
class PasskeyBrowserTest {
    private static final int PORT = freePort();
    private static final Pattern CODE = Pattern.compile("Or type this code: (\\S+)");

    @DynamicPropertySource
    static void serveOnKnownPort(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("latchkey.base-url", () -> "http://localhost:" + PORT);
    }

    @Autowired
    DevMailbox mailbox;

    private Chromium chromium;

    @BeforeAll
    static void chromiumIsInstalled() {
        Chromium.assumeInstalled();
    }

    @BeforeEach
    void startChromium() {
        chromium = new Chromium(PORT);
    }

    @AfterEach
    void quitBrowsers() {
        chromium.close();
    }

    @Test
    void codeThenOfferThenSignOutThenPasskeySignsInWithoutAnyMessage() {
        String email = "passkey-tour@example.com";
        ChromeDriver browser = chromium.newBrowser();
        VirtualAuthenticator authenticator = platformAuthenticator(browser);

        signInByCode(browser, email);
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlToBe(chromium.url(PasskeyOffer.PATH)));
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("passkey-add")));
        assertThat(bodyText(browser)).contains("Sign in faster next time: add a passkey").contains("Not now");
        shoot(browser, "passkey-offer");

        browser.findElement(By.id("passkey-add")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlToBe(chromium.url("/")));
        assertThat(bodyText(browser)).isEqualTo("hello " + email);
        assertThat(authenticator.getCredentials()).hasSize(1);
        awaitMessages(email, 2);
        assertThat(mailbox.messages().get(0).subject()).isEqualTo("A passkey was added to your account");

        browser.get(chromium.url("/account"));
        assertThat(browser.findElements(By.cssSelector(".passkey-list .passkey"))).hasSize(1);
        assertThat(bodyText(browser)).contains("Added").contains("Never used");
        shoot(browser, "passkey-account");
        submit(browser, "form[action='/logout']");
        int messages = mailbox.messages().size();

        // The sign-in page asks for the passkey at once (conditional mediation); one touch, and no message.
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlToBe(chromium.url("/")));
        assertThat(bodyText(browser)).isEqualTo("hello " + email);
        assertThat(mailbox.messages()).hasSize(messages);
        browser.get(chromium.url("/account"));
        assertThat(bodyText(browser)).contains("Last used");
    }

    @Test
    void signInWithAPasskeyButtonSignsIn() {
        String email = "passkey-button@example.com";
        ChromeDriver browser = chromium.newBrowser();
        VirtualAuthenticator authenticator = platformAuthenticator(browser);
        registerPasskey(browser, email);
        Credential passkey = authenticator.getCredentials().get(0);
        // Without an authenticator while the page loads, no autofill request answers before the button is pressed.
        browser.removeVirtualAuthenticator(authenticator);
        browser.manage().deleteAllCookies();
        browser.get(chromium.url("/login"));
        waitFor(browser, By.id("passkey-sign-in"));
        platformAuthenticator(browser).addCredential(passkey);

        signInWithPasskeyButton(browser);

        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlToBe(chromium.url("/")));
        assertThat(bodyText(browser)).isEqualTo("hello " + email);
    }

    @Test
    void emailFieldOffersPasskeysByAutofill() {
        String email = "passkey-autofill@example.com";
        ChromeDriver browser = browserWithPlatformAuthenticator();
        browser.get(chromium.url("/login"));
        assertThat(browser.findElement(By.id("email")).getDomAttribute("autocomplete")).isEqualTo("username webauthn");
        waitFor(browser, By.cssSelector("#email[data-passkey-autofill='on']"));
        assertThat(browser.findElement(By.id("passkey-sign-in")).isDisplayed()).isTrue();
        shoot(browser, "passkey-login");
        registerPasskey(browser, email);
        browser.manage().deleteAllCookies();

        browser.get(chromium.url("/login"));

        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlToBe(chromium.url("/")));
        assertThat(bodyText(browser)).isEqualTo("hello " + email);
    }

    @Test
    void removingThePasskeyMakesItFail() {
        String email = "passkey-removed@example.com";
        ChromeDriver browser = browserWithPlatformAuthenticator();
        registerPasskey(browser, email);

        browser.get(chromium.url("/account"));
        submit(browser, ".passkey form[action$='/remove']");
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlToBe(chromium.url("/account")));
        assertThat(browser.findElements(By.cssSelector(".passkey-list .passkey"))).isEmpty();
        submit(browser, "form[action='/logout']");

        new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("passkey-error")));
        assertThat(browser.findElement(By.id("passkey-error")).getText()).contains("not registered here any more");
        assertThat(browser.getCurrentUrl()).isEqualTo(chromium.url("/login"));
        shoot(browser, "passkey-login-removed");
    }

    @Test
    void signOutEverywhereEndsAPasskeySession() {
        String email = "passkey-everywhere@example.com";
        ChromeDriver phone = chromium.newBrowser();
        VirtualAuthenticator authenticator = platformAuthenticator(phone);
        registerPasskey(phone, email);
        phone.manage().deleteAllCookies();
        phone.get(chromium.url("/login"));
        new WebDriverWait(phone, WAIT).until(ExpectedConditions.urlToBe(chromium.url("/")));
        phone.get(chromium.url("/account"));
        assertThat(bodyText(phone)).contains("Your account");

        ChromeDriver laptop = chromium.newBrowser();
        signInByCode(laptop, email);
        new WebDriverWait(laptop, WAIT).until(ExpectedConditions.urlToBe(chromium.url("/")));
        laptop.get(chromium.url("/account"));
        submit(laptop, "form[action='/account/sessions/end']");

        // Without its authenticator, the sign-in page it lands on cannot sign it straight back in by autofill.
        phone.removeVirtualAuthenticator(authenticator);
        phone.get(chromium.url("/account"));
        new WebDriverWait(phone, WAIT).until(ExpectedConditions.urlContains("/login"));
        assertThat(bodyText(phone)).contains("Sign in");
    }

    // ---------------------------------------------------------------------------------------------------------

    private ChromeDriver browserWithPlatformAuthenticator() {
        ChromeDriver browser = chromium.newBrowser();
        platformAuthenticator(browser);
        return browser;
    }

    /** A built-in authenticator that verifies the person, as a phone's or laptop's does. */
    private static VirtualAuthenticator platformAuthenticator(ChromeDriver browser) {
        return browser.addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                .setHasResidentKey(true).setHasUserVerification(true).setIsUserVerified(true)
                .setIsUserConsenting(true));
    }

    /** Asks for a message on the login page, reads its code from the dev mailbox and types it. */
    private void signInByCode(ChromeDriver browser, String email) {
        browser.get(chromium.url("/login"));
        if (hasPlatformAuthenticator(browser)) {
            // The page's script tells the server this browser can hold a passkey, before the sign-in.
            new WebDriverWait(browser, WAIT).until(d -> d.manage().getCookieNamed(PasskeyOffer.CAPABLE) != null);
        }
        chromium.askForMessage(browser, email);
        String checkTab = browser.getWindowHandle();
        browser.switchTo().newWindow(WindowType.TAB);
        Matcher code = CODE.matcher(chromium.messageTo(browser, email).findElement(By.cssSelector(".body")).getText());
        assertThat(code.find()).as("code in the message").isTrue();
        browser.close();
        browser.switchTo().window(checkTab);
        type(browser, By.id("code"), code.group(1));
        submit(browser, "form[action='/login/check']");
    }

    /** Signs in by code, accepts the offer, and leaves the browser signed in on the home page. */
    private void registerPasskey(ChromeDriver browser, String email) {
        signInByCode(browser, email);
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("passkey-add")));
        browser.findElement(By.id("passkey-add")).click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlToBe(chromium.url("/")));
    }

    private static void signInWithPasskeyButton(ChromeDriver browser) {
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("passkey-sign-in")));
        browser.findElement(By.id("passkey-sign-in")).click();
    }

    private void awaitMessages(String email, int count) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (mailbox.messages().stream().filter(m -> m.recipient().equals(email)).count() < count) {
            assertThat(System.nanoTime()).as("%d messages to %s", count, email).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private static boolean hasPlatformAuthenticator(ChromeDriver browser) {
        return Boolean.TRUE.equals(browser.executeAsyncScript(
                "PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable().then(arguments[0])"));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
