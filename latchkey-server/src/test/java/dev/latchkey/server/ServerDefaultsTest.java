package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.config.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

/** SPEC §2 rule 19: the dev mailbox is the default only on the embedded H2 database. */
@ExtendWith(OutputCaptureExtension.class)
class ServerDefaultsTest {

    private static MockEnvironment apply(MockEnvironment environment) {
        new ServerDefaults().postProcessEnvironment(environment, new SpringApplication(LatchkeyServer.class));
        return environment;
    }

    @Test
    void mailTransportWhenNothingSetOnEmbeddedH2ThenDevMailbox() {
        MockEnvironment environment = apply(new MockEnvironment()
                .withProperty("spring.datasource.url", "jdbc:h2:file:./data/latchkey;DB_CLOSE_ON_EXIT=FALSE"));
        assertThat(environment.getProperty("latchkey.mail.transport")).isEqualTo("dev-mailbox");
    }

    @Test
    void mailTransportWhenSmtpHostSetOnPostgresThenNoDefaultAdded() {
        MockEnvironment environment = apply(new MockEnvironment()
                .withProperty("spring.datasource.url", "jdbc:postgresql://db:5432/latchkey")
                .withProperty("spring.mail.host", "smtp.example.com"));
        assertThat(environment.getProperty("latchkey.mail.transport")).isNull();
    }

    @Test
    void mailTransportWhenChosenExplicitlyOnPostgresThenKept() {
        MockEnvironment environment = apply(new MockEnvironment()
                .withProperty("spring.datasource.url", "jdbc:postgresql://db:5432/latchkey")
                .withProperty("latchkey.mail.transport", "log"));
        assertThat(environment.getProperty("latchkey.mail.transport")).isEqualTo("log");
    }

    @Test
    void mailTransportWhenNothingSetOnPostgresThenStartUpFailsNamingBothSettings() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("spring.datasource.url", "jdbc:postgresql://db:5432/latchkey?password=hunter2");
        assertThatThrownBy(() -> apply(environment))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("latchkey.mail.transport is required with jdbc:postgresql://db:5432/latchkey:"
                        + " set spring.mail.host to your SMTP server, e.g. smtp.example.com, or latchkey.mail.transport,"
                        + " e.g. log")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void serverWhenStartedOnPostgresWithoutMailSettingsThenRefusesWithFailureAnalysis(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(LatchkeyServer.class).run("--server.port=0",
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/latchkey", "--latchkey.secret=" + "s".repeat(40)))
                .isInstanceOf(InvalidSettingException.class);
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("Latchkey cannot start: latchkey.mail.transport is required with"
                        + " jdbc:postgresql://127.0.0.1:5432/latchkey: set spring.mail.host");
    }
}
