package dev.latchkey.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import dev.latchkey.spring.sample.SampleApplication;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** nopassword's {@code LOGIN_ON_GET}: with {@code latchkey.link.login-on-get=true} the GET itself signs in. */
@SpringBootTest(classes = SampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "latchkey.link.login-on-get=true")
class LoginOnGetPagesTest extends StarterTestSupport {
    @RegisterExtension
    static final GreenMailExtension SMTP = smtp();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        properties(registry, SMTP);
    }

    @Test
    void linkWhenLoginOnGetIsOnThenTheGetSignsInOnce() {
        Browser browser = browser();
        browser.submit(browser.get("/login"), "form[action='/login']", Map.of("email", "onget@example.com"));
        ReceivedMail mail = mailTo(SMTP, "onget@example.com");

        Browser.Page signedIn = browser.get(mail.linkPath());
        assertThat(signedIn.status()).isEqualTo(303);
        assertThat(browser.follow(signedIn).response().body()).isEqualTo("hello onget@example.com");
        assertThat(browser().get(mail.linkPath()).status()).as("spent").isEqualTo(410);
    }
}
