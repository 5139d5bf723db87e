package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.config.InvalidSettingException;
import dev.latchkey.core.config.LatchkeyConfig;
import dev.latchkey.core.memory.InMemoryInstanceSettings;
import dev.latchkey.core.secret.SecretBox;
import dev.latchkey.core.secret.SecretKeyRing;
import dev.latchkey.spring.LatchkeyProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.env.MockEnvironment;

class DevelopmentSecretTest {
    @TempDir
    Path dataDir;

    private MockEnvironment embeddedH2() {
        return new MockEnvironment().withProperty("spring.datasource.url", "jdbc:h2:file:./data/x")
                .withProperty("LATCHKEY_DATA_DIR", dataDir.toString());
    }

    private LatchkeyConfig start(InMemoryInstanceSettings settings) {
        return new DevelopmentSecret().latchkeyConfig(properties(Map.of()), settings, embeddedH2());
    }
    private static LatchkeyProperties properties(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("latchkey", LatchkeyProperties.class);
    }

    @Test
    void secretWhenMissingOnEmbeddedH2ThenGeneratedOnceAndReused() {
        InMemoryInstanceSettings settings = new InMemoryInstanceSettings();
        MockEnvironment environment = embeddedH2();
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

    /** SPEC §2 rule 18: the generated secret is stored sealed under the machine-local key file, not in the clear. */
    @Test
    void secretWhenGeneratedThenStoredSealedAndSameAfterRestart() {
        InMemoryInstanceSettings settings = new InMemoryInstanceSettings();

        LatchkeyConfig first = start(settings);
        LatchkeyConfig second = start(settings);

        assertThat(settings.find(DevelopmentSecret.SETTING)).hasValueSatisfying(v -> assertThat(v).startsWith(SecretBox.PREFIX));
        assertThat(Files.exists(dataDir.resolve(DevelopmentSecret.KEY_FILE))).isTrue();
        assertThat(second.keys().digest("probe")).isEqualTo(first.keys().digest("probe"));
    }

    @Test
    void secretWhenStoredInClearByEarlierVersionThenKeptAndSealed() {
        String plain = "plain-development-secret-from-before-0123456789";
        InMemoryInstanceSettings settings = new InMemoryInstanceSettings();
        settings.putIfAbsent(DevelopmentSecret.SETTING, plain);

        LatchkeyConfig config = start(settings);

        assertThat(settings.find(DevelopmentSecret.SETTING)).hasValueSatisfying(v ->
                assertThat(v).startsWith(SecretBox.PREFIX).doesNotContain(plain));
        assertThat(config.keys().digest("probe")).isEqualTo(SecretKeyRing.of(plain, List.of()).digest("probe"));
        assertThat(start(settings).keys().digest("probe")).isEqualTo(config.keys().digest("probe"));
    }

    @Test
    void secretWhenKeyFileLostThenStartUpFailsNamingTheFileAndSetting() throws Exception {
        InMemoryInstanceSettings settings = new InMemoryInstanceSettings();
        start(settings);
        Files.delete(dataDir.resolve(DevelopmentSecret.KEY_FILE));

        assertThatThrownBy(() -> start(settings))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("the development secret in the database cannot be decrypted with "
                        + dataDir.resolve(DevelopmentSecret.KEY_FILE).toAbsolutePath()
                        + ": restore that file, or set LATCHKEY_SECRET (latchkey.secret) to a secret of your own");
    }
}
