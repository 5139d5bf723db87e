package dev.latchkey.server.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.latchkey.stockclient.StockClientApplication;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A stock Spring Boot application with {@code spring-boot-starter-security-oauth2-client}, configured by
 * {@code issuer-uri} alone, signs a person in through the server in real Chromium: the client sends the
 * browser to Latchkey's login page, the person types the code from the dev mailbox, and is back in the
 * client application, whose ID token verifies against the JWKS.
 */
class OidcStockSpringClientTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String CLIENT_SECRET = "stock-client-secret-stock-client-secret";
    /** The server's own auto-configurations and session stores stay out of the client on this shared class path. */
    private static final String NOT_IN_THE_CLIENT = String.join(",",
            "dev.latchkey.spring.autoconfigure.LatchkeyAutoConfiguration",
            "org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration",
            "org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisRepositoriesAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.health.DataRedisReactiveHealthContributorAutoConfiguration");

    @Test
    void stockClientWhenSomeoneSignsInWithAnEmailedCodeThenTheyAreBackInItWithTheirEmail() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)
                || "true".equals(System.getenv("CI")), "Chromium and chromedriver are needed under /usr/bin");
        int clientPort = OidcServer.freePort();
        try (OidcServer server = OidcServer.start(
                "--latchkey.oidc.clients[3].client-id=stock",
                "--latchkey.oidc.clients[3].client-secret=" + CLIENT_SECRET,
                "--latchkey.oidc.clients[3].redirect-uris[0]=http://127.0.0.1/login/oauth2/code/latchkey");
             ConfigurableApplicationContext client = startClient(clientPort, server.base())) {
            Path profile = Files.createTempDirectory("latchkey-oidc-chromium-");
            WebDriver browser = chromium(profile);
            try {
                String email = "stock-" + UUID.randomUUID() + "@example.com";
                browser.get("http://127.0.0.1:" + clientPort + "/");
                WebDriverWait wait = new WebDriverWait(browser, WAIT);
                wait.until(ExpectedConditions.urlToBe(server.base() + "/login"));
                browser.findElement(By.id("email")).sendKeys(email);
                submit(browser, "form[action='/login']");
                wait.until(ExpectedConditions.urlToBe(server.base() + "/login/check"));
                browser.findElement(By.id("code")).sendKeys(server.codeSentTo(email));
                submit(browser, "form[action='/login/check']");

                // Spring Security's request cache marks the page it returns to with "?continue".
                wait.until(ExpectedConditions.urlMatches("^http://127\\.0\\.0\\.1:" + clientPort + "/(\\?continue)?$"));
                assertThat(browser.findElement(By.tagName("body")).getText()).isEqualTo("Signed in as " + email);
                browser.get("http://127.0.0.1:" + clientPort + "/id-token");
                JWTClaimsSet id = RelyingParty.verified(browser.findElement(By.tagName("body")).getText(),
                        server.base() + "/oauth2/jwks");
                assertThat(id.getIssuer()).isEqualTo(server.base());
                assertThat(id.getAudience()).containsExactly("stock");
                assertThat(id.getStringClaim("email")).isEqualTo(email);
            } finally {
                browser.quit();
                try (Stream<Path> files = Files.walk(profile)) {
                    files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
                }
            }
        }
    }

    private static void submit(WebDriver browser, String form) {
        WebElement button = browser.findElement(By.cssSelector(form + " button[type='submit']"));
        button.click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.stalenessOf(button));
    }

    /** The client application, with only what any Spring Boot app signing in through an OpenID Provider sets. */
    private static ConfigurableApplicationContext startClient(int port, String issuer) {
        return new SpringApplicationBuilder(StockClientApplication.class).run(List.of(
                "--spring.config.name=stock-client", "--server.port=" + port,
                "--spring.security.oauth2.client.registration.latchkey.client-id=stock",
                "--spring.security.oauth2.client.registration.latchkey.client-secret=" + CLIENT_SECRET,
                "--spring.security.oauth2.client.registration.latchkey.scope=openid,email",
                "--spring.security.oauth2.client.provider.latchkey.issuer-uri=" + issuer,
                // Only because the server's classes share this JVM's class path with the client:
                "--spring.autoconfigure.exclude=" + NOT_IN_THE_CLIENT,
                "--spring.datasource.url=jdbc:h2:mem:stock-client", "--latchkey.mail.transport=log")
                .toArray(String[]::new));
    }

    private static WebDriver chromium(Path profile) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--user-data-dir=" + profile, "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(WAIT);
        return driver;
    }
}
