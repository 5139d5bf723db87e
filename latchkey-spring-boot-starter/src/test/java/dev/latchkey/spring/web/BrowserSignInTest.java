package dev.latchkey.spring.web;

import static dev.latchkey.spring.web.Chromium.WAIT;
import static dev.latchkey.spring.web.Chromium.bodyText;
import static dev.latchkey.spring.web.Chromium.shoot;
import static dev.latchkey.spring.web.Chromium.submit;
import static dev.latchkey.spring.web.Chromium.type;
import static dev.latchkey.spring.web.Chromium.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.spring.sample.SampleApplication;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The sign-in pages in a real browser (Debian's headless Chromium), as a person uses them: the message is read
 * from the dev mailbox page, its link clicked and its code typed. Pages visited are saved as screenshots
 * (see {@link Chromium}), to look at.
 */
@SpringBootTest(classes = SampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.datasource.url=jdbc:h2:mem:${random.uuid};DB_CLOSE_DELAY=-1",
                "latchkey.secret=" + StarterTestSupport.SECRET,
                "latchkey.mail.transport=dev-mailbox",
                // The port is only known once the server runs, after the configuration is read: links point at
                // this base URL and the test follows their path on the random port.
                "latchkey.base-url=" + BrowserSignInTest.BASE_URL,
                "latchkey.throttle.requests-per-ip=1000/1h",
                "latchkey.throttle.requests-per-identifier=100/1h",
                "latchkey.throttle.failures-per-ip=1000/1h",
                "latchkey.throttle.resend-delay=0s",
                "latchkey.delivery.poll-interval=100ms",
                "latchkey.delivery.retry-backoff=200ms"})
class BrowserSignInTest {
    static final String BASE_URL = "http://login.example.test";
    private static final Pattern CODE = Pattern.compile("Or type this code: (\\S+)");

    @LocalServerPort
    int port;

    private Chromium chromium;

    @BeforeAll
    static void chromiumIsInstalled() {
        Chromium.assumeInstalled();
    }

    @BeforeEach
    void startChromium() {
        chromium = new Chromium(port);
    }

    @AfterEach
    void quitBrowsers() {
        chromium.close();
    }

    @Test
    void linkClickedInSameBrowserThenSignedIn() {
        String email = "browser-link@example.com";
        WebDriver browser = chromium.newBrowser();
        browser.get(chromium.url("/login"));
        shoot(browser, "login");

        type(browser, By.id("email"), "not an address");
        submit(browser, "form[action='/login']");
        waitFor(browser, By.id("email-error"));
        assertThat(browser.findElement(By.id("email")).getAttribute("aria-invalid")).isEqualTo("true");
        shoot(browser, "login-invalid-email");

        chromium.askForMessage(browser, email);

        browser.switchTo().newWindow(WindowType.TAB);
        WebElement message = chromium.messageTo(browser, email);
        shoot(browser, "dev-mailbox");
        WebElement link = message.findElement(By.cssSelector(".body a"));
        String href = chromium.here(link.getAttribute("href"));
        assertThat(link.getAttribute("href")).startsWith(BASE_URL + "/login/link/");
        chromium.open(browser, link);

        // The link page submits itself with its nonce'd script; a person only sees where it lands.
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlToBe(chromium.url("/")));
        assertThat(bodyText(browser)).isEqualTo("hello " + email);

        browser.get(chromium.url("/account"));
        assertThat(bodyText(browser)).contains("Your account").contains(email);
        shoot(browser, "account");

        browser.get(href);
        waitFor(browser, By.cssSelector("a.button[href='/login']"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isNotBlank();
        shoot(browser, "problem-used-link");
    }

    @Test
    void codeTypedOnCheckPageThenSignedIn() {
        String email = "a.rather.long.address.to.see.how.pages.wrap@subdomain.example-company.com";
        WebDriver browser = chromium.newBrowser();
        browser.get(chromium.url("/login"));
        chromium.askForMessage(browser, email);
        shoot(browser, "check");

        String checkTab = browser.getWindowHandle();
        browser.switchTo().newWindow(WindowType.TAB);
        Matcher code = CODE.matcher(chromium.messageTo(browser, email).findElement(By.cssSelector(".body")).getText());
        assertThat(code.find()).as("code in the message").isTrue();
        shoot(browser, "dev-mailbox-long-address");
        browser.close();
        browser.switchTo().window(checkTab);

        type(browser, By.id("code"), "000000".equals(code.group(1)) ? "111111" : "000000");
        submit(browser, "form[action='/login/check']");
        new WebDriverWait(browser, WAIT).until(d -> bodyText(d).contains("attempts left"));
        assertThat(bodyText(browser)).contains("4 attempts left");
        shoot(browser, "check-wrong-code");

        type(browser, By.id("code"), code.group(1));
        submit(browser, "form[action='/login/check']");
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlToBe(chromium.url("/")));
        assertThat(bodyText(browser)).isEqualTo("hello " + email);

        browser.get(chromium.url("/account"));
        shoot(browser, "account-long-address");
    }

    @Test
    void linkOpenedInAnotherBrowserThenConfirmationAskedAndContinueSignsIn() {
        String email = "browser-other@example.com";
        WebDriver asker = chromium.newBrowser();
        asker.get(chromium.url("/login"));
        chromium.askForMessage(asker, email);

        WebDriver other = chromium.newBrowser();
        String href = chromium.here(chromium.messageTo(other, email).findElement(By.cssSelector(".body a")).getAttribute("href"));
        other.get(href);
        waitFor(other, By.cssSelector("form[action='/login/deny']"));
        assertThat(bodyText(other)).contains("Sign in as").contains(email).contains("Continue").contains("This wasn't me");
        assertThat(other.findElements(By.id("continue"))).as("no auto-submit in another browser").isEmpty();
        shoot(other, "link-confirm");

        submit(other, "form[action='/login/link']");
        new WebDriverWait(other, WAIT).until(ExpectedConditions.urlToBe(chromium.url("/")));
        assertThat(bodyText(other)).isEqualTo("hello " + email);
    }

    @Test
    void thisWasNotMeThenSignInCancelledAndLinkDead() {
        String email = "browser-deny@example.com";
        WebDriver asker = chromium.newBrowser();
        asker.get(chromium.url("/login"));
        chromium.askForMessage(asker, email);

        WebDriver owner = chromium.newBrowser();
        String href = chromium.here(chromium.messageTo(owner, email).findElement(By.cssSelector(".body a")).getAttribute("href"));
        owner.get(href);
        submit(owner, "form[action='/login/deny']");
        new WebDriverWait(owner, WAIT).until(d -> bodyText(d).contains("Sign-in cancelled"));
        shoot(owner, "denied");

        owner.get(href);
        waitFor(owner, By.cssSelector("a.button[href='/login']"));
        shoot(owner, "problem-denied-link");

        asker.navigate().refresh();
        shoot(asker, "check-after-deny");
    }

    /** SPEC §14: a browser set to German gets German pages (screenshots {@code de-*.png}) and a German message. */
    @Test
    void pagesWhenBrowserAsksForGermanThenGermanPagesAndMessage() {
        String email = "deutsch@example.com";
        WebDriver browser = chromium.newBrowser("de-DE,de");
        browser.get(chromium.url("/login"));

        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("de");
        assertThat(browser.getTitle()).startsWith("Anmelden");
        assertThat(bodyText(browser)).contains("Anmelden", "E-Mail-Adresse", "Anmeldelink senden",
                "Wir senden Ihnen einen Link und einen kurzen Code.").doesNotContain("Sign in", "Email address");
        shoot(browser, "de-login");

        type(browser, By.id("email"), email);
        submit(browser, "form[action='/login']");
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlToBe(chromium.url("/login/check")));
        assertThat(bodyText(browser)).contains("Sehen Sie in Ihr Postfach", email, "Neue Nachricht senden")
                .doesNotContain("Check your inbox");
        shoot(browser, "de-check");

        assertThat(chromium.messageTo(browser, email).getText()).contains("Ihr Anmeldelink", "Hallo,",
                "Oder geben Sie diesen Code ein:", "Angefordert am");
    }

    @Test
    void pagesWhenBrowserAsksForAnUnsupportedLanguageThenEnglish() {
        WebDriver browser = chromium.newBrowser("fr-FR,fr");
        browser.get(chromium.url("/login"));

        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
        assertThat(bodyText(browser)).contains("Sign in", "Send me a sign-in link");
    }
}
