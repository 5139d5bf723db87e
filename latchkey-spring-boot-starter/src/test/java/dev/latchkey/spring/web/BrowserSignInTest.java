package dev.latchkey.spring.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.latchkey.spring.sample.SampleApplication;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The sign-in pages in a real browser (Debian's headless Chromium), as a person uses them: the message is read
 * from the dev mailbox page, its link clicked and its code typed. Every page visited is also saved as a
 * screenshot at a phone width and a desktop width under {@code target/screenshots/}, to look at.
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
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern CODE = Pattern.compile("Or type this code: (\\S+)");
    /** Window sizes a screenshot is taken at: a small phone and a laptop. */
    private static final int[][] SIZES = {{360, 780}, {1280, 900}};

    @LocalServerPort
    int port;

    private final List<WebDriver> drivers = new ArrayList<>();
    private final List<Path> profiles = new ArrayList<>();

    @BeforeAll
    static void chromiumIsInstalled() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && "true".equals(System.getenv("CI"))) {
            fail("Chromium not installed on CI: apt-get install chromium chromium-driver");
        }
        if (!installed) {
            Assumptions.abort("Chromium not installed: apt-get install chromium chromium-driver");
        }
    }

    @AfterEach
    void quitBrowsers() {
        RuntimeException failure = null;
        for (WebDriver driver : drivers) {
            try {
                driver.quit();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        drivers.clear();
        for (Path profile : profiles) {
            deleteQuietly(profile);
        }
        profiles.clear();
        if (failure != null) {
            throw failure;
        }
    }

    @Test
    void linkClickedInSameBrowserThenSignedIn() {
        String email = "browser-link@example.com";
        WebDriver browser = newBrowser();
        browser.get(url("/login"));
        shoot(browser, "login");

        type(browser, By.id("email"), "not an address");
        submit(browser, "form[action='/login']");
        waitFor(browser, By.id("email-error"));
        assertThat(browser.findElement(By.id("email")).getAttribute("aria-invalid")).isEqualTo("true");
        shoot(browser, "login-invalid-email");

        askForMessage(browser, email);

        browser.switchTo().newWindow(WindowType.TAB);
        WebElement message = messageTo(browser, email);
        shoot(browser, "dev-mailbox");
        WebElement link = message.findElement(By.cssSelector(".body a"));
        String href = here(link.getAttribute("href"));
        assertThat(link.getAttribute("href")).startsWith(BASE_URL + "/login/link/");
        open(browser, link);

        // The link page submits itself with its nonce'd script; a person only sees where it lands.
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlToBe(url("/")));
        assertThat(bodyText(browser)).isEqualTo("hello " + email);

        browser.get(url("/account"));
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
        WebDriver browser = newBrowser();
        browser.get(url("/login"));
        askForMessage(browser, email);
        shoot(browser, "check");

        String checkTab = browser.getWindowHandle();
        browser.switchTo().newWindow(WindowType.TAB);
        Matcher code = CODE.matcher(messageTo(browser, email).findElement(By.cssSelector(".body")).getText());
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
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlToBe(url("/")));
        assertThat(bodyText(browser)).isEqualTo("hello " + email);

        browser.get(url("/account"));
        shoot(browser, "account-long-address");
    }

    @Test
    void linkOpenedInAnotherBrowserThenConfirmationAskedAndContinueSignsIn() {
        String email = "browser-other@example.com";
        WebDriver asker = newBrowser();
        asker.get(url("/login"));
        askForMessage(asker, email);

        WebDriver other = newBrowser();
        String href = here(messageTo(other, email).findElement(By.cssSelector(".body a")).getAttribute("href"));
        other.get(href);
        waitFor(other, By.cssSelector("form[action='/login/deny']"));
        assertThat(bodyText(other)).contains("Sign in as").contains(email).contains("Continue").contains("This wasn't me");
        assertThat(other.findElements(By.id("continue"))).as("no auto-submit in another browser").isEmpty();
        shoot(other, "link-confirm");

        submit(other, "form[action='/login/link']");
        new WebDriverWait(other, WAIT).until(ExpectedConditions.urlToBe(url("/")));
        assertThat(bodyText(other)).isEqualTo("hello " + email);
    }

    @Test
    void thisWasNotMeThenSignInCancelledAndLinkDead() {
        String email = "browser-deny@example.com";
        WebDriver asker = newBrowser();
        asker.get(url("/login"));
        askForMessage(asker, email);

        WebDriver owner = newBrowser();
        String href = here(messageTo(owner, email).findElement(By.cssSelector(".body a")).getAttribute("href"));
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

    // ---------------------------------------------------------------------------------------------------------

    private WebDriver newBrowser() {
        Path profile;
        try {
            profile = Files.createTempDirectory("latchkey-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        profiles.add(profile);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--user-data-dir=" + profile, "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        drivers.add(driver);
        driver.manage().timeouts().pageLoadTimeout(WAIT);
        return driver;
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** Types an address on the login page, sends it and waits for the check page. */
    private void askForMessage(WebDriver browser, String email) {
        type(browser, By.id("email"), email);
        submit(browser, "form[action='/login']");
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlToBe(url("/login/check")));
        assertThat(bodyText(browser)).contains("Check your inbox").contains(email);
    }

    /** Opens the dev mailbox until a message to {@code email} is there (delivery is asynchronous); returns it. */
    private WebElement messageTo(WebDriver browser, String email) {
        return new WebDriverWait(browser, WAIT).pollingEvery(Duration.ofMillis(200)).until(d -> {
            d.get(url("/dev/mailbox"));
            return d.findElements(By.cssSelector("article.message")).stream()
                    .filter(m -> m.findElement(By.cssSelector(".meta")).getText().contains(email))
                    .findFirst().orElse(null);
        });
    }

    /** Clicks the message's link; if it points elsewhere than this server, follows its path here instead. */
    private void open(WebDriver browser, WebElement link) {
        String href = link.getAttribute("href");
        if (href.startsWith(url("/"))) {
            link.click();
        } else {
            browser.get(here(href));
        }
    }

    /** The same path and query on this server. */
    private String here(String link) {
        URI uri = URI.create(link);
        return url(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    private static void type(WebDriver browser, By field, String text) {
        WebElement input = browser.findElement(field);
        input.clear();
        input.sendKeys(text);
    }

    private static void submit(WebDriver browser, String form) {
        WebElement button = browser.findElement(By.cssSelector(form + " button[type='submit']"));
        button.click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.stalenessOf(button));
    }

    private static void waitFor(WebDriver browser, By element) {
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.presenceOfElementLocated(element));
    }

    private static String bodyText(WebDriver browser) {
        return browser.findElement(By.tagName("body")).getText();
    }

    /** Saves the page at each width, as tall as its content, to {@code target/screenshots/<name>-<width>.png}. */
    private static void shoot(WebDriver browser, String name) {
        ChromeDriver chrome = (ChromeDriver) browser;
        try {
            Files.createDirectories(SCREENSHOTS);
            for (int[] size : SIZES) {
                chrome.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                        "width", size[0], "height", size[1], "deviceScaleFactor", 1, "mobile", false));
                // Twice: the page's vh-based spacing grows with the viewport it is measured in.
                for (int i = 0; i < 2; i++) {
                    long content = ((Number) ((JavascriptExecutor) chrome)
                            .executeScript("return document.documentElement.scrollHeight")).longValue();
                    if (content > size[1]) {
                        chrome.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                                "width", size[0], "height", content, "deviceScaleFactor", 1, "mobile", false));
                    }
                }
                Files.write(SCREENSHOTS.resolve(name + "-" + size[0] + ".png"), chrome.getScreenshotAs(OutputType.BYTES));
                long overflow = ((Number) ((JavascriptExecutor) chrome)
                        .executeScript("return document.documentElement.scrollWidth")).longValue();
                assertThat(overflow).as("%s scrolls sideways at %d px", name, size[0]).isLessThanOrEqualTo(size[0]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            chrome.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // A profile left in the temp directory is harmless.
        }
    }
}
