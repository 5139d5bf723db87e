package dev.latchkey.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.challenge.Purpose;
import dev.latchkey.core.testing.Harness;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Bad settings stop construction with the property, the problem and an example (like HikariCP's TestValidation). */
class LatchkeyConfigTest {

    private static void rejects(Consumer<LatchkeyConfig.Builder> settings, String message) {
        LatchkeyConfig.Builder builder = LatchkeyConfig.builder().secret(Harness.SECRET);
        assertThatThrownBy(() -> {
            settings.accept(builder);
            builder.build();
        }).isInstanceOf(InvalidSettingException.class).hasMessage(message);
    }

    @Test
    void defaultsWhenOnlySecretIsSetThenMatchTheSpec() {
        LatchkeyConfig config = LatchkeyConfig.builder().secret(Harness.SECRET).build();
        assertThat(config.baseUrl()).hasToString("http://localhost:8080");
        assertThat(config.challenge().ttl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.challenge().maxUses()).isEqualTo(1);
        assertThat(config.challenge().maxAttempts()).isEqualTo(5);
        assertThat(config.code().length()).isEqualTo(6);
        assertThat(config.throttle().failuresPerIdentifier()).isEqualTo(new Rate(10, Duration.ofHours(1)));
        assertThat(config.throttle().failuresPerIp()).isEqualTo(new Rate(50, Duration.ofMinutes(15)));
        assertThat(config.privilegedRoles()).containsExactly("ADMIN");
        assertThat(config.delivery().timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.linkFor(Purpose.LOGIN, "T")).isEqualTo("http://localhost:8080/login/link/T");
        assertThat(config.linkFor(Purpose.CHANGE_EMAIL, "T")).isEqualTo("http://localhost:8080/account/email/confirm/T");
    }

    @Test
    void secretWhenMissingThenSaysHowToMakeOne() {
        assertThatThrownBy(() -> LatchkeyConfig.builder().build()).isInstanceOf(InvalidSettingException.class)
                .hasMessage("latchkey.secret is required: at least 32 random bytes, e.g. the output of 'openssl rand -base64 32'");
    }

    @Test
    void secretWhenShorterThan32BytesThenRejected() {
        rejects(b -> b.secret("too-short"), "latchkey.secret must be at least 32 bytes, e.g. the output of 'openssl rand -base64 32' (was 9 bytes)");
        rejects(b -> b.previousSecrets(List.of("short")), "latchkey.previous-secrets[0] must be at least 32 bytes, e.g. the output of 'openssl rand -base64 32' (was 5 bytes)");
    }

    @Test
    void codeLengthWhenOutside4To12ThenRejected() {
        rejects(b -> b.sessionMaxAge(Duration.ZERO), "latchkey.tokens.session-max-age must be positive, e.g. 90d (was PT0S)");
        rejects(b -> b.codeLength(3), "latchkey.code.length must be between 4 and 12, e.g. 6 (was 3)");
        rejects(b -> b.codeLength(13), "latchkey.code.length must be between 4 and 12, e.g. 6 (was 13)");
    }

    @Test
    void codeAlphabetWhenRepeatingOrHoldingDashesThenRejected() {
        rejects(b -> b.codeAlphabet("0012"), "latchkey.code.alphabet must hold 2 to 256 different characters, e.g. 0123456789 (was '0012')");
        rejects(b -> b.codeAlphabet("01-2"), "latchkey.code.alphabet may hold only printable ASCII without spaces or dashes, e.g. 0123456789 (was '01-2')");
    }

    @Test
    void durationsAndCountsWhenNotPositiveThenRejected() {
        rejects(b -> b.challengeTtl(Duration.ZERO), "latchkey.challenge.ttl must be positive, e.g. 10m (was PT0S)");
        rejects(b -> b.maxAttempts(0), "latchkey.challenge.max-attempts must be at least 1, e.g. 5 (was 0)");
        rejects(b -> b.deliveryMaxAttempts(0), "latchkey.delivery.max-attempts must be at least 1, e.g. 5 (was 0)");
        rejects(b -> b.deliveryTimeout(Duration.ZERO), "latchkey.delivery.timeout must be positive, e.g. 10s (was PT0S)");
    }

    @Test
    void linkTemplateWhenWithoutTokenThenRejected() {
        rejects(b -> b.linkTemplate("myapp://login"), "latchkey.link.template must contain {token}, e.g. {base-url}/login/link/{token} (was 'myapp://login')");
    }

    @Test
    void baseUrlWhenRelativeThenRejected() {
        rejects(b -> b.baseUrl("/login"), "latchkey.base-url must be an absolute http(s) URL, e.g. https://app.example.com (was '/login')");
    }

    @Test
    void rateWhenParsedThenReadsCountAndWindow() {
        assertThat(Rate.parse("5/1h")).isEqualTo(new Rate(5, Duration.ofHours(1)));
        assertThat(Rate.parse(" 50 / 15m ")).isEqualTo(new Rate(50, Duration.ofMinutes(15)));
        assertThatThrownBy(() -> Rate.parse("five per hour")).hasMessage("a rate looks like 5/1h or 50/15m (was 'five per hour')");
    }
}
