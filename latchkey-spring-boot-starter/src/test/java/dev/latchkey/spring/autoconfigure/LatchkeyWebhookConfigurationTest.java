package dev.latchkey.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.audit.AuditEvent;
import dev.latchkey.core.audit.AuditEventType;
import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.webhook.WebhookSender;
import dev.latchkey.core.webhook.Webhooks;
import dev.latchkey.spring.delivery.HttpWebhookSender;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** {@code latchkey.webhooks[N]} bound, also from environment variables, and checked at start-up. */
class LatchkeyWebhookConfigurationTest {
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(LatchkeyAutoConfiguration.class))
            .withPropertyValues("latchkey.secret=auto-configuration-test-secret-0123456789");

    @Test
    void webhooksWhenSetByEnvironmentVariablesThenBoundWithTheirEventFilter() {
        runner.withInitializer(context -> context.getEnvironment().getPropertySources().addFirst(
                // Named as Spring Boot names the process environment, so its LATCHKEY_WEBHOOKS_0_URL mapping applies.
                new SystemEnvironmentPropertySource("test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                        "LATCHKEY_WEBHOOKS_0_URL", "https://hooks.example.com/latchkey",
                        "LATCHKEY_WEBHOOKS_0_SECRET", SECRET,
                        "LATCHKEY_WEBHOOKS_0_EVENTS", "LOGIN_SUCCEEDED,IDENTIFIER_LOCKED"))))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    Webhooks webhooks = context.getBean(Webhooks.class);
                    assertThat(webhooks.find(URI.create("https://hooks.example.com/latchkey"))).get()
                            .satisfies(hook -> assertThat(hook.events()).containsExactlyInAnyOrder(
                                    AuditEventType.LOGIN_SUCCEEDED, AuditEventType.IDENTIFIER_LOCKED));
                    assertThat(webhooks.entriesFor(event(AuditEventType.LOGIN_REQUESTED))).isEmpty();
                    assertThat(webhooks.entriesFor(event(AuditEventType.LOGIN_SUCCEEDED))).hasSize(1);
                    assertThat(context).getBean(WebhookSender.class).isInstanceOf(HttpWebhookSender.class);
                });
    }

    @Test
    void webhooksWhenNoneSetThenNoneConfigured() {
        runner.run(context -> assertThat(context.getBean(Webhooks.class).isEmpty()).isTrue());
    }

    @Test
    void secretWhenNotStandardWebhooksFormThenStartUpFailsNamingThePropertyWithoutTheValue() {
        runner.withPropertyValues("latchkey.webhooks[0].url=https://hooks.example.com/latchkey",
                        "latchkey.webhooks[0].secret=plain-text-secret")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessage("latchkey.webhooks[0].secret must be whsec_ followed by the key in base64,"
                                + " e.g. whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw (was <masked>)"));
    }

    private static AuditEvent event(AuditEventType type) {
        return new AuditEvent(type, new UserId("u-1"), null, null, null, Instant.parse("2030-01-01T09:00:00Z"), null);
    }
}
