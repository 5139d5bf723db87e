package dev.latchkey.server;

import dev.latchkey.core.config.InvalidSettingException;
import dev.latchkey.core.config.LatchkeyConfig;
import dev.latchkey.core.spi.InstanceSettings;
import dev.latchkey.spring.LatchkeyProperties;
import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * On the embedded H2 database, a missing {@code latchkey.secret} is generated once and kept in the
 * database, so restarts keep challenges and tokens valid. On any other database it is required:
 * several instances must share one secret, and it belongs in the deployment's secret store.
 */
@Configuration(proxyBeanMethods = false)
class DevelopmentSecret {
    private static final System.Logger LOG = System.getLogger(DevelopmentSecret.class.getName());
    static final String SETTING = "development-secret";

    @Bean
    LatchkeyConfig latchkeyConfig(LatchkeyProperties properties, InstanceSettings settings, Environment environment) {
        if (properties.secret() != null && !properties.secret().isBlank()) {
            return properties.toConfig();
        }
        if (!ServerDefaults.embedded(environment)) {
            throw new InvalidSettingException("latchkey.secret is required with " + ServerDefaults.database(environment)
                    + ": set LATCHKEY_SECRET to at least 32 random bytes, e.g. the output of 'openssl rand -base64 32'");
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String secret = settings.putIfAbsent(SETTING, Base64.getEncoder().encodeToString(random));
        LOG.log(System.Logger.Level.WARNING, "latchkey.secret is not set: using a generated development secret kept in"
                + " the embedded database. Set LATCHKEY_SECRET for production.");
        return properties.withSecret(secret).toConfig();
    }
}
