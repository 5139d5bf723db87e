package dev.latchkey.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.config.LatchkeyConfig;
import dev.latchkey.core.config.LinkBinding;
import dev.latchkey.core.config.Rate;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Each engine default is written once, in core's {@link LatchkeyConfig}: unset properties stay unset. */
class LatchkeyPropertiesDefaultsTest {
    private static final String SECRET = "test-secret-test-secret-test-secret-0123456789";

    private static LatchkeyProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("latchkey", LatchkeyProperties.class);
    }

    @Test
    void unsetEngineSettingsAreLeftToTheEnginesDefaults() {
        LatchkeyProperties properties = bind(Map.of("latchkey.secret", SECRET));

        assertThat(properties.challenge().ttl()).isNull();
        assertThat(properties.code().length()).isNull();
        assertThat(properties.throttle().requestsPerIdentifier()).isNull();
        assertThat(properties.delivery().timeout()).isNull();

        LatchkeyConfig fromProperties = properties.toConfig();
        LatchkeyConfig engineDefaults = LatchkeyConfig.builder().secret(SECRET).build();
        assertThat(fromProperties.baseUrl()).isEqualTo(engineDefaults.baseUrl());
        assertThat(fromProperties.appName()).isEqualTo(engineDefaults.appName());
        assertThat(fromProperties.channels()).isEqualTo(engineDefaults.channels());
        assertThat(fromProperties.registration()).isEqualTo(engineDefaults.registration());
        assertThat(fromProperties.challenge()).isEqualTo(engineDefaults.challenge());
        assertThat(fromProperties.code()).isEqualTo(engineDefaults.code());
        assertThat(fromProperties.link()).isEqualTo(engineDefaults.link());
        assertThat(fromProperties.throttle()).isEqualTo(engineDefaults.throttle());
        assertThat(fromProperties.privilegedRoles()).isEqualTo(engineDefaults.privilegedRoles());
        assertThat(fromProperties.allowPrivilegedLogin()).isEqualTo(engineDefaults.allowPrivilegedLogin());
        assertThat(fromProperties.delivery()).isEqualTo(engineDefaults.delivery());
        assertThat(fromProperties.sms()).isEqualTo(engineDefaults.sms());
        assertThat(fromProperties.sessionMaxAge()).isEqualTo(engineDefaults.sessionMaxAge());
    }

    @Test
    void setEngineSettingsReachTheEngine() {
        LatchkeyConfig config = bind(Map.of("latchkey.secret", SECRET, "latchkey.challenge.ttl", "3m",
                "latchkey.link.binding", "require", "latchkey.throttle.requests-per-ip", "7/1h",
                "latchkey.delivery.timeout", "4s", "latchkey.code.length", "8")).toConfig();

        assertThat(config.challenge().ttl()).isEqualTo(Duration.ofMinutes(3));
        assertThat(config.link().binding()).isEqualTo(LinkBinding.REQUIRE);
        assertThat(config.throttle().requestsPerIp()).isEqualTo(new Rate(7, Duration.ofHours(1)));
        assertThat(config.delivery().timeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(config.code().length()).isEqualTo(8);
    }

    @Test
    void passkeysAreOnWithPreferredVerificationAndATenMinuteFreshLogin() {
        LatchkeyProperties.Passkeys passkeys = bind(Map.of("latchkey.secret", SECRET)).passkeys();

        assertThat(passkeys.enabled()).isTrue();
        assertThat(passkeys.userVerification()).isEqualTo(LatchkeyProperties.Passkeys.UserVerification.PREFERRED);
        assertThat(passkeys.freshLogin()).isEqualTo(Duration.ofMinutes(10));
        assertThat(passkeys.allowedOrigins()).isEmpty();
        assertThat(bind(Map.of("latchkey.secret", SECRET, "latchkey.passkeys.user-verification", "required",
                "latchkey.passkeys.allowed-origins", "android:apk-key-hash:abc")).passkeys())
                .satisfies(set -> {
                    assertThat(set.userVerification()).isEqualTo(LatchkeyProperties.Passkeys.UserVerification.REQUIRED);
                    assertThat(set.allowedOrigins()).containsExactly("android:apk-key-hash:abc");
                });
    }
}
