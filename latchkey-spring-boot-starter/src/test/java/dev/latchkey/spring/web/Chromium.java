package dev.latchkey.spring.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium for the page tests, as a person uses the pages: each browser gets its
 * own profile, the dev mailbox is read like an inbox, and pages are saved as screenshots at a phone
 * width and a desktop width under {@code target/screenshots/}, to look at. Closing quits every
 * browser it started.
 */
final class Chromium implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** Window sizes a screenshot is taken at: a small phone and a laptop. */
    private static final int[][] SIZES = {{360, 780}, {1280, 900}};

    private final int port;
    private final List<WebDriver> drivers = new ArrayList<>();
    private final List<Path> profiles = new ArrayList<>();

    Chromium(int port) {
        this.port = port;
    }

    /** Fails on CI and skips elsewhere when Chromium is missing. */
    static void assumeInstalled() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && "true".equals(System.getenv("CI"))) {
            fail("Chromium not installed on CI: apt-get install chromium chromium-driver");
        }
        if (!installed) {
            Assumptions.abort("Chromium not installed: apt-get install chromium chromium-driver");
        }
    }

    @Override
    public void close() {
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

    ChromeDriver newBrowser() {
        return newBrowser("en-US,en");
    }

    /** A browser whose {@code Accept-Language} is {@code languages}, e.g. {@code de-DE,de}. */
    ChromeDriver newBrowser(String languages) {
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
                "--disable-quic", "--user-data-dir=" + profile, "--window-size=1280,900",
                "--lang=" + languages.split(",")[0]);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", languages));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        drivers.add(driver);
        driver.manage().timeouts().pageLoadTimeout(WAIT);
        return driver;
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** Types an address on the login page, sends it and waits for the check page. */
    void askForMessage(WebDriver browser, String email) {
        type(browser, By.id("email"), email);
        submit(browser, "form[action='/login']");
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.urlToBe(url("/login/check")));
        assertThat(bodyText(browser)).contains("Check your inbox").contains(email);
    }

    /** Opens the dev mailbox until a message to {@code email} is there (delivery is asynchronous); returns it. */
    WebElement messageTo(WebDriver browser, String email) {
        return new WebDriverWait(browser, WAIT).pollingEvery(Duration.ofMillis(200)).until(d -> {
            d.get(url("/dev/mailbox"));
            return d.findElements(By.cssSelector("article.message")).stream()
                    .filter(m -> m.findElement(By.cssSelector(".meta")).getText().contains(email))
                    .findFirst().orElse(null);
        });
    }

    /** Clicks the message's link; if it points elsewhere than this server, follows its path here instead. */
    void open(WebDriver browser, WebElement link) {
        String href = link.getAttribute("href");
        if (href.startsWith(url("/"))) {
            link.click();
        } else {
            browser.get(here(href));
        }
    }

    /** The same path and query on this server. */
    String here(String link) {
        URI uri = URI.create(link);
        return url(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    static void type(WebDriver browser, By field, String text) {
        WebElement input = browser.findElement(field);
        input.clear();
        input.sendKeys(text);
    }

    static void submit(WebDriver browser, String form) {
        By selector = By.cssSelector(form + " button[type='submit']");
        // Chromium now and then loses a node found just after a navigation ("Node with given id does not belong to
        // the document") before the click reaches it; the button is then found again.
        WebElement button = new WebDriverWait(browser, WAIT).ignoring(WebDriverException.class).until(d -> {
            WebElement found = d.findElement(selector);
            found.click();
            return found;
        });
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.stalenessOf(button));
    }

    static void waitFor(WebDriver browser, By element) {
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.presenceOfElementLocated(element));
    }

    static String bodyText(WebDriver browser) {
        return browser.findElement(By.tagName("body")).getText();
    }

    /** Saves the page at each width, as tall as its content, to {@code target/screenshots/<name>-<width>.png}. */
    static void shoot(WebDriver browser, String name) {
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
