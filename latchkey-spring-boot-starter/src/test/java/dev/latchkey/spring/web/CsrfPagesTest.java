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

/** SPEC §4: every page POST needs the CSRF token; a forged one is refused and changes nothing. */
@SpringBootTest(classes = SampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CsrfPagesTest extends StarterTestSupport {
    @RegisterExtension
    static final GreenMailExtension SMTP = smtp();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        properties(registry, SMTP);
    }

    @Test
    void loginWhenPostedWithoutCsrfTokenThenForbidden() {
        Browser browser = browser();
        assertThat(browser.get("/login").status()).isEqualTo(200);
        assertThat(browser.post("/login", Map.of("email", "forged@example.com")).status()).isEqualTo(403);
    }

    @Test
    void accountPostsWhenSentWithoutCsrfTokenThenForbiddenAndSessionKept() {
        Browser browser = browser();
        Browser.Page asked = browser.submit(browser.get("/login"), "form[action='/login']", Map.of("email", "csrf@example.com"));
        assertThat(asked.status()).isEqualTo(303);
        Browser.Page linkPage = browser.get(mailTo(SMTP, "csrf@example.com").linkPath());
        assertThat(browser.submit(linkPage, "form#continue", Map.of()).status()).isEqualTo(303);
        assertThat(browser.get("/account").status()).isEqualTo(200);

        assertThat(browser.post("/account/email", Map.of("email", "elsewhere@example.com")).status()).isEqualTo(403);
        assertThat(browser.post("/logout", Map.of()).status()).isEqualTo(403);
        Browser.Page account = browser.get("/account");
        assertThat(account.status()).as("still signed in").isEqualTo(200);
        assertThat(account.text()).contains("csrf@example.com").doesNotContain("elsewhere@example.com");
    }
}
