package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.config.InvalidSettingException;
import dev.latchkey.core.memory.InMemoryInstanceSettings;
import dev.latchkey.spring.LatchkeyProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.env.MockEnvironment;

class DevelopmentSecretTest {
    private static LatchkeyProperties properties(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("latchkey", LatchkeyProperties.class);
    }

    @Test
    void secretWhenMissingOnEmbeddedH2ThenGeneratedOnceAndReused() {
        InMemoryInstanceSettings settings = new InMemoryInstanceSettings();
        MockEnvironment environment = new MockEnvironment().withProperty("spring.datasource.url", "jdbc:h2:file:./data/x");
        DevelopmentSecret secret = new DevelopmentSecret();
        secret.latchkeyConfig(properties(Map.of()), settings, environment);
        String stored = settings.find(DevelopmentSecret.SETTING).orElseThrow();
        assertThat(stored).hasSizeGreaterThanOrEqualTo(43);
        secret.latchkeyConfig(properties(Map.of()), settings, environment);
        assertThat(settings.find(DevelopmentSecret.SETTING)).contains(stored);
    }

    @Test
    void secretWhenMissingOnPostgresThenStartUpFailsNamingTheSetting() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("spring.datasource.url", "jdbc:postgresql://db:5432/latchkey?password=hunter2");
        assertThatThrownBy(() -> new DevelopmentSecret().latchkeyConfig(properties(Map.of()),
                new InMemoryInstanceSettings(), environment))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("latchkey.secret is required with jdbc:postgresql://db:5432/latchkey:")
                .hasMessageNotContaining("hunter2");
    }
}
