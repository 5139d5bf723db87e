package dev.latchkey.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import dev.latchkey.spring.sample.SampleApplication;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With an http base URL (development): cookies are HttpOnly and SameSite=Lax but not Secure, and no HSTS. */
@SpringBootTest(classes = SampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HttpCookieAttributesTest extends CookieAttributesTestSupport {
    @RegisterExtension
    static final GreenMailExtension SMTP = smtp();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        properties(registry, SMTP);
    }

    @Test
    void cookiesWhenBaseUrlIsHttpThenHttpOnlySameSiteLaxAndNotSecure() {
        List<String> cookies = cookiesOfASignIn(SMTP, "plain-cookies@example.com");
        assertThat(cookies).allSatisfy(cookie -> assertThat(cookie)
                .containsIgnoringCase("; HttpOnly").containsIgnoringCase("; SameSite=Lax")
                .doesNotContainIgnoringCase("; Secure"));
    }

    @Test
    void hstsWhenBaseUrlIsHttpThenNotSent() {
        for (String path : List.of("/login", "/reports", "/.well-known/jwks.json")) {
            assertThat(page(path).header("Strict-Transport-Security")).as(path).isEmpty();
        }
    }
}
