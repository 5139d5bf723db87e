package dev.latchkey.spring.web;

import static dev.latchkey.spring.web.Chromium.WAIT;
import static dev.latchkey.spring.web.Chromium.bodyText;
import static dev.latchkey.spring.web.Chromium.shoot;
import static dev.latchkey.spring.web.Chromium.submit;
import static dev.latchkey.spring.web.Chromium.type;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.spring.sample.SampleApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * SPEC §14 in a real browser set to German: its {@code Accept-Language} gives German pages, saved as screenshots
 * ({@code target/screenshots/de-*.png}) to look at, and a German sign-in message.
 */
@SpringBootTest(classes = SampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.datasource.url=jdbc:h2:mem:${random.uuid};DB_CLOSE_DELAY=-1",
                "latchkey.secret=" + StarterTestSupport.SECRET,
                "latchkey.mail.transport=dev-mailbox",
                "latchkey.base-url=" + BrowserSignInTest.BASE_URL,
                "latchkey.throttle.resend-delay=0s",
                "latchkey.delivery.poll-interval=100ms"})
class GermanPagesBrowserTest {
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
