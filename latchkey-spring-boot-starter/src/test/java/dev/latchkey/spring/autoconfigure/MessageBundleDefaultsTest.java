package dev.latchkey.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class MessageBundleDefaultsTest {

    @Test
    void postProcessWhenNoBasenameSetThenBootsDefaultAndLatchkeys() {
        assertThat(basenamesAfter(Map.of())).isEqualTo("messages,latchkey/messages");
    }

    @Test
    void postProcessWhenApplicationListsItsOwnThenLatchkeysIsAddedAfterThem() {
        assertThat(basenamesAfter(Map.of("spring.messages.basename[0]", "i18n/app", "spring.messages.basename[1]",
                "i18n/errors"))).isEqualTo("i18n/app,i18n/errors,latchkey/messages");
    }

    @Test
    void postProcessWhenApplicationAlreadyListsLatchkeysThenUnchanged() {
        assertThat(basenamesAfter(Map.of("spring.messages.basename", "latchkey/messages,app")))
                .isEqualTo("latchkey/messages,app");
    }

    private static String basenamesAfter(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", settings));
        new MessageBundleDefaults().postProcessEnvironment(environment, new SpringApplication());
        return environment.getProperty("spring.messages.basename");
    }
}
