package dev.latchkey.spring.autoconfigure;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Session cookies follow SPEC §2 rule 13 whichever session store is used: {@code HttpOnly},
 * {@code SameSite=Lax}, and {@code Secure} when {@code latchkey.base-url} is https, also behind a proxy
 * that ends TLS and forwards plain http. These are defaults of {@code server.servlet.session.cookie.*}, which
 * Boot applies both to the container's {@code JSESSIONID} and to Spring Session's {@code SESSION} cookie;
 * they rank below every other source, so an explicit value wins.
 */
final class SessionCookieDefaults implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new HashMap<>();
        defaults.put("server.servlet.session.cookie.http-only", "true");
        defaults.put("server.servlet.session.cookie.same-site", "lax");
        String baseUrl = environment.getProperty("latchkey.base-url", "");
        if (baseUrl.toLowerCase(Locale.ROOT).startsWith("https:")) {
            defaults.put("server.servlet.session.cookie.secure", "true");
        }
        environment.getPropertySources().addLast(new MapPropertySource("latchkeySessionCookieDefaults", defaults));
    }
}
