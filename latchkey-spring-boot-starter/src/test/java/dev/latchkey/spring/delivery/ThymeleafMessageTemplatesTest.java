package dev.latchkey.spring.delivery;

import static dev.latchkey.spring.delivery.Messages.ADA;
import static dev.latchkey.spring.delivery.Messages.ADA_PHONE;
import static dev.latchkey.spring.delivery.Messages.CODE;
import static dev.latchkey.spring.delivery.Messages.IP;
import static dev.latchkey.spring.delivery.Messages.LINK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.delivery.DefaultMessageTemplates;
import dev.latchkey.core.delivery.MessageContext;
import dev.latchkey.core.delivery.OutgoingMessage;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.DefaultResourceLoader;

class ThymeleafMessageTemplatesTest {
    private static final String IGNORE = "If this wasn't you, ignore this message.";

    private final ThymeleafMessageTemplates templates = new ThymeleafMessageTemplates(new DefaultResourceLoader());

    @Test
    void renderWhenLoginEmailThenTextHoldsLinkCodeExpiryOriginAndIgnoreSentence() {
        OutgoingMessage message = templates.render(Messages.login(ADA, "Latchkey"));

        assertThat(message.subject()).isEqualTo("Your sign-in link");
        assertThat(message.text()).contains(LINK, CODE, "10 minutes", IP, "Firefox on Linux", "1 Jan 2030, 09:05 UTC",
                IGNORE);
    }

    @Test
    void renderWhenLoginEmailThenHtmlHasButtonLinkCodeExpiryOriginAndIgnoreSentence() {
        Document html = Jsoup.parse(templates.render(Messages.login(ADA, "Latchkey")).html());

        assertThat(html.select("a[href]").eachAttr("href")).containsOnly(LINK);
        assertThat(html.text()).contains(CODE, "10 minutes", IP, "Firefox on Linux", IGNORE);
        assertThat(html.selectFirst("p:containsOwn(" + CODE + ")").attr("style")).contains("letter-spacing");
    }

    @Test
    void renderWhenLoginEmailThenHtmlHasNoScriptImageOrExternalResource() {
        Document html = Jsoup.parse(templates.render(Messages.login(ADA, "Latchkey")).html());

        assertThat(html.select("script, img, link, style, iframe, object")).isEmpty();
        assertThat(html.select("[src]")).isEmpty();
    }

    @Test
    void renderWhenAppNameIsHostileThenHtmlEscapesIt() {
        String hostile = "<script>alert(1)</script>";

        String html = templates.render(Messages.login(ADA, hostile)).html();

        assertThat(html).doesNotContain(hostile).contains("&lt;script&gt;");
        assertThat(Jsoup.parse(html).select("script")).isEmpty();
    }

    @Test
    void renderWhenChangeEmailThenConfirmSubjectAndNewAddress() {
        OutgoingMessage message = templates.render(Messages.context(Purpose.CHANGE_EMAIL, ADA, "Latchkey"));

        assertThat(message.subject()).isEqualTo("Confirm your new email address");
        assertThat(message.text()).contains("confirm ada@example.com as your new email address", LINK, CODE, IGNORE);
        assertThat(Jsoup.parse(message.html()).text()).contains("ada@example.com", CODE, IGNORE);
    }

    @Test
    void renderNoticeThenNamesMaskedAddressAndOriginWithoutLinkOrCode() {
        OutgoingMessage notice = templates.renderNotice(Messages.notice());

        assertThat(notice.subject()).isEqualTo(DefaultMessageTemplates.NOTICE_SUBJECT);
        for (String body : new String[] {notice.text(), notice.html()}) {
            assertThat(body).contains("g***@example.org", IP, "Firefox on Linux", "contact support")
                    .doesNotContain("http", CODE, "grace@example.org");
        }
    }

    @Test
    void renderWhenSmsThenSameAsDefaultTemplates() {
        MessageContext context = Messages.login(ADA_PHONE, "Latchkey");

        OutgoingMessage sms = templates.render(context);

        assertThat(sms).usingRecursiveComparison().isEqualTo(new DefaultMessageTemplates().render(context));
        assertThat(sms.text()).endsWith("\n\n@app.example.com #" + CODE);
    }

    @Test
    void renderWhenSmsWithoutLinkThenFitsOneMessage() {
        String sms = templates.render(Messages.login(ADA_PHONE, "Latchkey")).text();

        assertThat(sms.replace(" " + LINK, "")).hasSizeLessThanOrEqualTo(160);
    }

    @Test
    void renderWhenApplicationHasItsOwnTemplateThenItWins(@TempDir Path app) throws IOException {
        Path sms = app.resolve("templates/latchkey/sms/login.txt");
        Files.createDirectories(sms.getParent());
        Files.writeString(sms, "[(${code})] is your [(${appName})] code\n\n@[(${originHost})] #[(${code})]\n",
                StandardCharsets.UTF_8);
        ThymeleafMessageTemplates overridden =
                new ThymeleafMessageTemplates(new DefaultResourceLoader(new ApplicationFirst(app)));

        String text = overridden.render(Messages.login(ADA_PHONE, "Latchkey")).text();

        assertThat(text).isEqualTo(CODE + " is your Latchkey code\n\n@app.example.com #" + CODE);
        assertThat(overridden.render(Messages.login(ADA, "Latchkey")).subject()).isEqualTo("Your sign-in link");
    }

    /** Finds resources in the application's directory before the starter's, as an application's class path does. */
    private static final class ApplicationFirst extends ClassLoader {
        private final Path root;

        ApplicationFirst(Path root) {
            super(ThymeleafMessageTemplatesTest.class.getClassLoader());
            this.root = root;
        }

        @Override
        public URL getResource(String name) {
            Path file = root.resolve(name);
            if (!Files.isRegularFile(file)) {
                return super.getResource(name);
            }
            try {
                return file.toUri().toURL();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void renderWhenLocaleIsGermanThenSubjectTextHtmlAndTimeAreGerman() {
        OutgoingMessage message = templates.render(Messages.context(Purpose.LOGIN, ADA, "Latchkey", Locale.GERMAN));

        assertThat(message.subject()).isEqualTo("Ihr Anmeldelink");
        assertThat(message.text()).startsWith("Hallo,").contains(
                "Öffnen Sie diesen Link, um sich bei Latchkey anzumelden:", LINK, "Oder geben Sie diesen Code ein: " + CODE,
                "Link und Code gelten 10 Minuten.", "Angefordert am 1. Januar 2030, 09:05 UTC von " + IP
                        + " (Firefox on Linux).", "Wenn Sie das nicht waren, ignorieren Sie diese Nachricht.")
                .doesNotContain("Hello", IGNORE);
        Document html = Jsoup.parse(message.html());
        assertThat(html.selectFirst("html").attr("lang")).isEqualTo("de");
        assertThat(html.text()).contains("Bei Latchkey anmelden", "1. Januar 2030, 09:05 UTC", CODE)
                .doesNotContain(IGNORE);
    }

    @Test
    void renderNoticeWhenLocaleIsGermanThenGermanWithGermanTime() {
        OutgoingMessage notice = templates.renderNotice(Messages.notice(Locale.GERMAN));

        assertThat(notice.subject()).isEqualTo("Ihre E-Mail-Adresse wurde geändert");
        assertThat(notice.text()).contains("am 1. Januar 2030, 09:05 UTC von " + IP, "g***@example.org");
    }

    @Test
    void renderWhenEnglishOnAGermanJvmThenEnglishNotTheJvmLocale() {
        Locale jvm = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            OutgoingMessage message = templates.render(Messages.context(Purpose.LOGIN, ADA, "Latchkey", Locale.ENGLISH));

            assertThat(message.subject()).isEqualTo("Your sign-in link");
            assertThat(message.text()).contains("1 Jan 2030, 09:05 UTC", IGNORE);
        } finally {
            Locale.setDefault(jvm);
        }
    }
}
