package dev.latchkey.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import dev.latchkey.core.identity.EmailAddress;
import dev.latchkey.core.identity.User;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.spi.UserDirectory;
import dev.latchkey.core.testing.MutableClock;
import dev.latchkey.spring.sample.SampleApplication;
import dev.latchkey.spring.testing.MovableClockConfiguration;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * SPEC §14 against a real server and a real SMTP server (GreenMail): pages follow {@code Accept-Language}, messages
 * the locale the request resolves to (the JSON body's {@code locale}, {@code Accept-Language}, the account's stored
 * locale, English), and a supported locale a request names becomes the account's.
 */
@SpringBootTest(classes = {SampleApplication.class, MovableClockConfiguration.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "latchkey.throttle.resend-delay=0s")
class LanguagesTest extends StarterTestSupport {
    private static final Instant NOW = Instant.parse("2031-03-05T08:15:00Z");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final GreenMailExtension SMTP = smtp();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        properties(registry, SMTP);
    }

    @Autowired
    UserDirectory users;

    @Autowired
    MutableClock clock;

    @BeforeEach
    void fixTheTime() {
        clock.set(NOW);
    }

    @Test
    void loginPageWhenAcceptLanguageGermanThenGerman() {
        Browser.Page page = browser().header("Accept-Language", "de-DE,de;q=0.9,en;q=0.5").get("/login");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.html().selectFirst("html").attr("lang")).isEqualTo("de");
        assertThat(page.html().selectFirst("h1").text()).isEqualTo("Anmelden");
        assertThat(page.html().title()).startsWith("Anmelden");
        assertThat(page.text()).contains("E-Mail-Adresse", "Anmeldelink senden").doesNotContain("Sign in");
    }

    @Test
    void loginPageWhenAcceptLanguageUnsupportedThenEnglish() {
        Browser.Page page = browser().header("Accept-Language", "fr-FR,fr;q=0.9").get("/login");

        assertThat(page.html().selectFirst("html").attr("lang")).isEqualTo("en");
        assertThat(page.html().selectFirst("h1").text()).isEqualTo("Sign in");
        assertThat(page.text()).contains("Send me a sign-in link");
    }

    @Test
    void loginWhenAddressInvalidAndAcceptLanguageGermanThenGermanFieldError() {
        Browser german = browser().header("Accept-Language", "de");

        Browser.Page refused = german.submit(german.get("/login"), "form[action='/login']", Map.of("email", "kein Name"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.html().selectFirst("#email-error").text())
                .isEqualTo("Geben Sie eine E-Mail-Adresse wie name@example.com ein.");
    }

    @Test
    void requestWhenStoredLocaleGermanAndNoneNamedThenGermanMailWithGermanDate() {
        String email = "stored-de@example.com";
        users.insert(User.create(new UserId("stored-de"), new EmailAddress(email), NOW).withLocale(Locale.GERMAN));
        Browser browser = browser();

        Browser.Page asked = browser.submit(browser.get("/login"), "form[action='/login']", Map.of("email", email));

        assertThat(asked.status()).isEqualTo(303);
        ReceivedMail mail = mailTo(SMTP, email);
        assertThat(mail.subject()).isEqualTo("Ihr Anmeldelink");
        assertThat(mail.text()).startsWith("Hallo,")
                .contains("Oder geben Sie diesen Code ein: " + mail.code(), "Link und Code gelten 10 Minuten.",
                        "Angefordert am 5. März 2031, 08:15 UTC von 127.0.0.1",
                        "Wenn Sie das nicht waren, ignorieren Sie diese Nachricht.");
        assertThat(mail.html()).contains("lang=\"de\"", "5. März 2031, 08:15 UTC");
        assertThat(mail.code()).matches("[0-9]{6}");
    }

    @Test
    void requestPageWhenAcceptLanguageGermanThenGermanMailAndStoredForLaterRequests() {
        String email = "page-de@example.com";
        users.insert(User.create(new UserId("page-de"), new EmailAddress(email), NOW));
        Browser german = browser().header("Accept-Language", "de");

        german.submit(german.get("/login"), "form[action='/login']", Map.of("email", email));

        assertThat(mailTo(SMTP, email).subject()).isEqualTo("Ihr Anmeldelink");
        assertThat(users.findByIdentifier(new EmailAddress(email)).orElseThrow().locale()).isEqualTo(Locale.GERMAN);
    }

    @Test
    void requestWhenUnsupportedLanguageAndNothingStoredThenEnglish() {
        String email = "fr@example.com";
        Browser french = browser().header("Accept-Language", "fr-FR,fr;q=0.9");

        french.submit(french.get("/login"), "form[action='/login']", Map.of("email", email));

        ReceivedMail mail = mailTo(SMTP, email);
        assertThat(mail.subject()).isEqualTo("Your sign-in link");
        assertThat(mail.text()).contains("Requested 5 Mar 2031, 08:15 UTC from 127.0.0.1",
                "If this wasn't you, ignore this message.");
    }

    @Test
    void apiRequestWhenLocaleGermanThenStoredAndALaterRequestWithoutLocaleStillGerman() {
        String email = "json-de@example.com";
        users.insert(User.create(new UserId("json-de"), new EmailAddress(email), NOW));

        assertThat(postJson("{\"email\":\"" + email + "\",\"locale\":\"de\"}")).isEqualTo(202);
        assertThat(mailTo(SMTP, email).subject()).isEqualTo("Ihr Anmeldelink");
        assertThat(users.findByIdentifier(new EmailAddress(email)).orElseThrow().locale()).isEqualTo(Locale.GERMAN);

        assertThat(postJson("{\"email\":\"" + email + "\"}")).isEqualTo(202);
        ReceivedMail later = mailTo(SMTP, email);
        assertThat(later.subject()).isEqualTo("Ihr Anmeldelink");
        assertThat(later.text()).contains("Angefordert am 5. März 2031, 08:15 UTC");
    }

    @Test
    void apiRequestWhenNewAccountNamesGermanThenTheAccountItCreatesKeepsGerman() {
        String email = "json-new-de@example.com";
        assertThat(postJson("{\"email\":\"" + email + "\",\"locale\":\"de-AT\"}")).isEqualTo(202);
        ReceivedMail first = mailTo(SMTP, email);
        assertThat(first.subject()).isEqualTo("Ihr Anmeldelink");
        Browser browser = browser();

        Browser.Page signedIn = browser.submit(browser.get(first.linkPath()), "form", Map.of());

        assertThat(signedIn.status()).isEqualTo(303);
        assertThat(users.findByIdentifier(new EmailAddress(email)).orElseThrow().locale()).isEqualTo(Locale.GERMAN);
        assertThat(postJson("{\"email\":\"" + email + "\"}")).isEqualTo(202);
        assertThat(mailTo(SMTP, email).subject()).isEqualTo("Ihr Anmeldelink");
    }

    @Test
    void apiRequestWhenLocaleUnknownThen202AndEnglish() {
        String email = "json-unknown@example.com";

        assertThat(postJson("{\"email\":\"" + email + "\",\"locale\":\"tlh-Piqd-x-klingon!\"}")).isEqualTo(202);

        assertThat(mailTo(SMTP, email).subject()).isEqualTo("Your sign-in link");
        assertThat(postJson("{\"email\":\"" + email + "\",\"locale\":\"fr\"}")).isEqualTo(202);
        assertThat(mailTo(SMTP, email).text()).contains("If this wasn't you, ignore this message.");
    }

    private int postJson(String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/auth/request"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
