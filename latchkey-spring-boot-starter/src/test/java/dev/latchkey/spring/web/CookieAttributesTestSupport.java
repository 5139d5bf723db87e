package dev.latchkey.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import java.util.List;
import java.util.Map;

/**
 * SPEC §2 rule 13 for the starter's container sessions: the cookies a whole sign-in sets, and HSTS,
 * for an https and for an http base URL.
 */
abstract class CookieAttributesTestSupport extends StarterTestSupport {

    /** Signs in by link as a browser does and returns every {@code Set-Cookie} header on the way. */
    protected List<String> cookiesOfASignIn(GreenMailExtension smtp, String email) {
        Browser browser = browser();
        Browser.Page form = browser.get("/login");
        Browser.Page asked = browser.submit(form, "form[action='/login']", Map.of("email", email));
        assertThat(asked.status()).isEqualTo(303);
        Browser.Page linkPage = browser.get(mailTo(smtp, email).linkPath());
        Browser.Page signedIn = browser.submit(linkPage, "form#continue", Map.of());
        assertThat(signedIn.status()).isEqualTo(303);
        assertThat(browser.follow(signedIn).response().body()).isEqualTo("hello " + email);
        List<String> cookies = browser.setCookies();
        assertThat(cookies).as("a session before and a new one after sign-in, and the binding cookie")
                .filteredOn(c -> c.startsWith("JSESSIONID=")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(cookies).anySatisfy(c -> assertThat(c).startsWith(BindingCookie.NAME + "="));
        return cookies;
    }

    protected Browser.Page page(String path) {
        return browser().get(path);
    }
}
