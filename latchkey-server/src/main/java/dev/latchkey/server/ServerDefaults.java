package dev.latchkey.server;

import dev.latchkey.core.config.InvalidSettingException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

/**
 * The server's defaults that depend on other settings. They rank below every other source, so an
 * explicit value always wins.
 * <ul>
 *   <li>With no SMTP server configured, messages go to the dev mailbox at {@code /dev/mailbox}, but only on the
 *       embedded H2 database: on any other database start-up fails until {@code spring.mail.host} or
 *       {@code latchkey.mail.transport} is set, since the dev mailbox shows live links (SPEC §2 rule 19).</li>
 *   <li>{@code latchkey.session.store} ({@code jdbc} by default, or {@code redis}) picks where page
 *       sessions live; the other store's auto-configuration is left out, so a Redis that is not used
 *       is never contacted and never marks the server unhealthy.</li>
 * </ul>
 */
public final class ServerDefaults implements EnvironmentPostProcessor {
    private static final List<String> REDIS_SESSIONS = List.of(
            "org.springframework.boot.session.data.redis.autoconfigure.SessionDataRedisAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisRepositoriesAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.health.DataRedisReactiveHealthContributorAutoConfiguration");
    private static final String JDBC_SESSIONS =
            "org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new HashMap<>();
        if (!environment.containsProperty("spring.mail.host") && !environment.containsProperty("latchkey.mail.transport")) {
            if (!embedded(environment)) {
                throw new InvalidSettingException("latchkey.mail.transport is required with " + database(environment)
                        + ": set spring.mail.host to your SMTP server, e.g. smtp.example.com, or latchkey.mail.transport,"
                        + " e.g. log (the dev mailbox, the default on the embedded H2 database, would show live sign-in"
                        + " links to anyone who opens /dev/mailbox)");
            }
            defaults.put("latchkey.mail.transport", "dev-mailbox");
        }
        boolean redisSessions = "redis".equalsIgnoreCase(environment.getProperty("latchkey.session.store", "jdbc"));
        defaults.put("spring.autoconfigure.exclude", redisSessions ? JDBC_SESSIONS : String.join(",", REDIS_SESSIONS));
        // The indexed repository finds a user's sessions, which "sign out everywhere" needs.
        defaults.put("spring.session.data.redis.repository-type", "indexed");
        environment.getPropertySources().addLast(new MapPropertySource("latchkeyServerDefaults", defaults));
    }

    /** Whether the server runs on the embedded H2 database, its default, where development conveniences are allowed. */
    static boolean embedded(Environment environment) {
        return environment.getProperty("spring.datasource.url", "").startsWith("jdbc:h2:");
    }

    /** The datasource URL without its parameters, which may hold a password. */
    static String database(Environment environment) {
        return environment.getProperty("spring.datasource.url", "").replaceAll("[?;].*", "");
    }
}
