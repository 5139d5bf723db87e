package dev.latchkey.spring.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.challenge.RequesterContext;
import dev.latchkey.core.challenge.SignInRequest;
import dev.latchkey.core.config.LatchkeyConfig;
import dev.latchkey.core.identity.Channel;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** The starter's templates and SMTP sender behind core's delivery worker, as the auto-configuration will wire them. */
class SmtpDeliveryTest {
    private static final Pattern CODE = Pattern.compile("Or type this code: (\\d{6})");

    @RegisterExtension
    static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    @Test
    void drainThenMailHoldsTheSameFreshLinkAndCodeInBothParts() throws Exception {
        JavaMailSenderImpl mail = new JavaMailSenderImpl();
        mail.setHost("127.0.0.1");
        mail.setPort(GREEN_MAIL.getSmtp().getPort());
        Latchkey latchkey = Latchkey.builder(LatchkeyConfig.builder().secret("x".repeat(40)).build())
                .templates(new ThymeleafMessageTemplates(new DefaultResourceLoader()))
                .sender(new MailMessageSender(mail, "no-reply@example.com"))
                .build();
        latchkey.requestSignIn(SignInRequest.login(Channel.EMAIL, "ada@example.com",
                new RequesterContext("198.51.100.4", "Mozilla/5.0 (Macintosh) Safari/605.1.15")));

        latchkey.deliveryWorker().drain();

        assertThat(GREEN_MAIL.waitForIncomingEmail(5_000, 1)).isTrue();
        MimeMessage received = GREEN_MAIL.getReceivedMessages()[0];
        assertThat(received.getSubject()).isEqualTo("Your sign-in link");
        MimeMultipart parts = (MimeMultipart) received.getContent();
        String text = (String) parts.getBodyPart(0).getContent();
        var html = Jsoup.parse((String) parts.getBodyPart(1).getContent());
        Matcher code = CODE.matcher(text);
        assertThat(code.find()).isTrue();
        String link = html.selectFirst("a[href]").attr("href");
        assertThat(link).startsWith("http://localhost:8080/login/link/");
        assertThat(text).contains(link, "198.51.100.4", "Safari on macOS", "10 minutes");
        assertThat(html.text()).contains(code.group(1));
    }
}
