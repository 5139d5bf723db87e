package dev.latchkey.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import dev.latchkey.core.testing.MutableClock;
import dev.latchkey.spring.sample.SampleApplication;
import dev.latchkey.spring.testing.MovableClockConfiguration;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A deployment with the strict settings: links only in the asking browser, a trusted proxy in front,
 * a short window for changing the email address. The clock is one the test moves.
 */
@SpringBootTest(classes = {SampleApplication.class, MovableClockConfiguration.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"latchkey.link.binding=require", "latchkey.trusted-proxies=127.0.0.1/32",
                "latchkey.email-change.fresh-login=10m", "latchkey.throttle.resend-delay=0s"})
class StrictDeploymentPagesTest extends StarterTestSupport {
    @RegisterExtension
    static final GreenMailExtension SMTP = smtp();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        properties(registry, SMTP);
    }


    @Autowired
    Clock clock;

    private ReceivedMail ask(Browser browser, String email) {
        Browser.Page asked = browser.submit(browser.get("/login"), "form[action='/login']", Map.of("email", email));
        assertThat(asked.status()).isEqualTo(303);
        return mailTo(SMTP, email);
    }

    @Test
    void linkWhenBindingRequiredAndOpenedElsewhereThenRefusedAndPointsToTheCode() {
        Browser asker = browser();
        ReceivedMail mail = ask(asker, "bound@example.com");

        Browser.Page elsewhere = browser().get(mail.linkPath());
        assertThat(elsewhere.status()).isEqualTo(409);
        assertThat(elsewhere.text()).contains("only works in the browser where you asked for it")
                .contains("Type the code");
        assertThat(elsewhere.html().select("form[action='/login/link']")).isEmpty();

        Browser.Page signedIn = asker.submit(asker.get(mail.linkPath()), "form#continue", Map.of());
        assertThat(signedIn.status()).isEqualTo(303);
        assertThat(asker.follow(signedIn).response().body()).isEqualTo("hello bound@example.com");
    }

    @Test
    void forwardedForWhenPeerIsTrustedProxyThenClientAddressIsTheForwardedOne() {
        Browser browser = browser().header("X-Forwarded-For", "192.0.2.1, 198.51.100.9");
        ReceivedMail mail = ask(browser, "proxied@example.com");
        assertThat(mail.text()).contains("198.51.100.9").doesNotContain("127.0.0.1");
    }

    @Test
    void emailChangeWhenSignInIsStaleThenAskedToSignInAgain() {
        Browser browser = browser();
        ReceivedMail mail = ask(browser, "stale@example.com");
        browser.submit(browser.get(mail.linkPath()), "form#continue", Map.of());
        ((MutableClock) clock).advance(Duration.ofMinutes(11));

        Browser.Page refused = browser.submit(browser.get("/account"), "form[action='/account/email']",
                Map.of("new_email", "fresh@example.com"));
        assertThat(refused.status()).isEqualTo(303);
        assertThat(refused.location()).contains("/login?reauth");
        assertThat(browser.follow(refused).text()).contains("sign in again");
    }
}
