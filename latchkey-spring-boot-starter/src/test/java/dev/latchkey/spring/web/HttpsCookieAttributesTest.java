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

/** With an https base URL behind a proxy that forwards plain http: every cookie is Secure and HSTS is sent. */
@SpringBootTest(classes = SampleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HttpsCookieAttributesTest extends CookieAttributesTestSupport {
    @RegisterExtension
    static final GreenMailExtension SMTP = smtp();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        properties(registry, SMTP);
        registry.add("latchkey.base-url", () -> "https://login.example.test");
    }

    @Test
    void cookiesWhenBaseUrlIsHttpsThenHttpOnlySameSiteLaxAndSecure() {
        List<String> cookies = cookiesOfASignIn(SMTP, "secure-cookies@example.com");
        assertThat(cookies).allSatisfy(cookie -> assertThat(cookie)
                .containsIgnoringCase("; HttpOnly").containsIgnoringCase("; SameSite=Lax").containsIgnoringCase("; Secure"));
    }

    @Test
    void hstsWhenBaseUrlIsHttpsThenSentOnPagesAndApiEvenOverPlainHttp() {
        for (String path : List.of("/login", "/reports", "/.well-known/jwks.json")) {
            assertThat(page(path).header("Strict-Transport-Security")).as(path)
                    .hasValueSatisfying(hsts -> assertThat(hsts).startsWith("max-age="));
        }
    }
}
