package dev.latchkey.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What every {@link InstanceSettings} does, stated once; each implementation's test class extends this. */
public abstract class InstanceSettingsContract {

    protected abstract InstanceSettings settings();

    @Test
    void findWhenAbsentThenEmpty() {
        assertThat(settings().find("dev-secret")).isEmpty();
    }

    @Test
    void putIfAbsentWhenAbsentThenStoresAndReturnsValue() {
        assertThat(settings().putIfAbsent("dev-secret", "first")).isEqualTo("first");

        assertThat(settings().find("dev-secret")).contains("first");
        assertThat(settings().find("other")).isEmpty();
    }

    @Test
    void putIfAbsentWhenPresentThenReturnsFirstValueAndKeepsIt() {
        settings().putIfAbsent("dev-secret", "first");

        assertThat(settings().putIfAbsent("dev-secret", "second")).isEqualTo("first");

        assertThat(settings().find("dev-secret")).contains("first");
    }

    @Test
    void replaceWhenPresentThenStoresNewValue() {
        settings().putIfAbsent("development-secret", "plain");

        settings().replace("development-secret", "enc:v1:sealed");

        assertThat(settings().find("development-secret")).contains("enc:v1:sealed");
    }

    @Test
    void replaceWhenAbsentThenStoresNothing() {
        settings().replace("development-secret", "enc:v1:sealed");

        assertThat(settings().find("development-secret")).isEmpty();
    }

    @Test
    void putIfAbsentWhenValueIsLongThenKeepsItWhole() {
        String value = "x".repeat(20_000);

        assertThat(settings().putIfAbsent("big", value)).isEqualTo(value);

        assertThat(settings().find("big")).contains(value);
    }

    @Test
    void putIfAbsentWhenTwentyThreadsRaceWithDifferentValuesThenAllGetTheStoredValue() throws Exception {
        List<String> results = Race.run(20, () -> settings().putIfAbsent("dev-secret", UUID.randomUUID().toString()));

        assertThat(results).hasSize(20).containsOnly(settings().find("dev-secret").orElseThrow());
    }
}
