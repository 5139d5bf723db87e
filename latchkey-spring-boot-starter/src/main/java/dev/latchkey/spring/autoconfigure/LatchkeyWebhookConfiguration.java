package dev.latchkey.spring.autoconfigure;

import dev.latchkey.core.config.LatchkeyConfig;
import dev.latchkey.core.webhook.WebhookSender;
import dev.latchkey.core.webhook.Webhooks;
import dev.latchkey.spring.LatchkeyProperties;
import dev.latchkey.spring.delivery.HttpWebhookSender;
import java.security.SecureRandom;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Webhooks of {@code latchkey.webhooks} (SPEC §13), checked at start-up, and the HTTP client that
 * posts them within {@code latchkey.delivery.timeout}. Each backs off when the application defines
 * its own.
 */
@Configuration(proxyBeanMethods = false)
class LatchkeyWebhookConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Webhooks latchkeyWebhooks(LatchkeyProperties properties) {
        return properties.toWebhooks(new SecureRandom());
    }

    @Bean
    @ConditionalOnMissingBean
    WebhookSender latchkeyWebhookSender(LatchkeyConfig config) {
        return new HttpWebhookSender(config.delivery().timeout());
    }

    @Bean
    LatchkeyBuilderCustomizer latchkeyWebhooksCustomizer(Webhooks webhooks, WebhookSender sender) {
        return builder -> builder.webhooks(webhooks, sender);
    }
}
