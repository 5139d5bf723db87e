package dev.latchkey.spring.autoconfigure;

import dev.latchkey.spring.delivery.ThymeleafMessageTemplates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Adds Latchkey's message bundle ({@code latchkey/messages}) to the application's {@code spring.messages.basename}
 * (default {@code messages}), so that Spring Boot's {@code MessageSource} serves the pages' strings next to the
 * application's own, under a basename of their own (SPEC §14). An application that defines its own
 * {@code messageSource} bean adds {@code latchkey/messages} to it itself.
 */
final class MessageBundleDefaults implements EnvironmentPostProcessor {
    private static final String BASENAME = "spring.messages.basename";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        List<String> basenames = new ArrayList<>(Binder.get(environment).bind(BASENAME, Bindable.listOf(String.class))
                .orElse(List.of("messages")));
        if (basenames.contains(ThymeleafMessageTemplates.MESSAGES)) {
            return;
        }
        basenames.add(ThymeleafMessageTemplates.MESSAGES);
        environment.getPropertySources().addFirst(new MapPropertySource("latchkeyMessageBundle",
                Map.of(BASENAME, String.join(",", basenames))));
    }
}
