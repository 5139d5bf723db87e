package dev.latchkey.server;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The server's defaults that depend on other settings: with no SMTP server configured, messages go
 * to the dev mailbox at {@code /dev/mailbox}. They rank below every other source, so an explicit
 * value always wins.
 */
public final class ServerDefaults implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.containsProperty("spring.mail.host") && !environment.containsProperty("latchkey.mail.transport")) {
            environment.getPropertySources().addLast(new MapPropertySource("latchkeyServerDefaults",
                    Map.of("latchkey.mail.transport", "dev-mailbox")));
        }
    }
}
