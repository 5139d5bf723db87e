package dev.latchkey.spring.delivery;

import dev.latchkey.core.delivery.MessageContext;
import dev.latchkey.core.delivery.MessageTemplates;
import dev.latchkey.core.delivery.NoticeContext;
import dev.latchkey.core.delivery.OutgoingMessage;
import dev.latchkey.core.delivery.PasskeyNoticeContext;
import dev.latchkey.core.identity.Channel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.springframework.context.MessageSource;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.core.io.ResourceLoader;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders messages from Thymeleaf templates under {@code templates/latchkey/} on the classpath:
 * {@code mail/<purpose>.txt} and {@code .html}, {@code mail/email_changed.*} and {@code mail/passkey_added.*}
 * for the notices, and
 * {@code sms/login.txt}. An application overrides one by putting a file at the same path in its own
 * {@code src/main/resources}.
 *
 * <p>The engine is private to this class, so the application's view resolution and its Thymeleaf
 * settings neither affect messages nor see these templates. Templates get the variables
 * {@code appName}, {@code link}, {@code code}, {@code expiresInMinutes}, {@code requestedAt}
 * (formatted, UTC), {@code ip}, {@code browser}, {@code recipient} and {@code originHost}; the
 * notice gets {@code appName}, {@code newAddress} (masked), {@code changedAt}, {@code ip} and
 * {@code browser}, and no secret; the passkey notice gets {@code appName}, {@code addedAt}, {@code ip} and
 * {@code browser}.
 *
 * <p>Every visible string comes from the message bundle {@value #MESSAGES} ({@code latchkey/messages.properties},
 * {@code latchkey/messages_de.properties}, and any {@code latchkey/messages_<lang>.properties} of the application),
 * in the context's locale, and times are formatted by that bundle's {@code latchkey.time} pattern, in UTC with the
 * zone named (SPEC §14).
 */
public final class ThymeleafMessageTemplates implements MessageTemplates {
    /** The basename of Latchkey's message bundle, the same for pages and messages. */
    public static final String MESSAGES = "latchkey/messages";
    private static final String PREFIX = "templates/latchkey/";

    private final SpringTemplateEngine engine = new SpringTemplateEngine();
    private final MessageSource messages;

    /**
     * Templates read through the class loader of {@code resourceLoader}, usually the application
     * context, so that the application's own files come before the starter's.
     */
    public ThymeleafMessageTemplates(ResourceLoader resourceLoader) {
        ClassLoader classLoader = Objects.requireNonNull(resourceLoader, "resourceLoader").getClassLoader();
        this.messages = messageSource(classLoader);
        engine.setTemplateEngineMessageSource(messages);
        engine.addTemplateResolver(resolver(classLoader, TemplateMode.TEXT, "*.txt", 1));
        engine.addTemplateResolver(resolver(classLoader, TemplateMode.HTML, "*.html", 2));
    }

    @Override
    public OutgoingMessage render(MessageContext c) {
        Context variables = variables(c.locale(), c.appName(), "requestedAt", c.requestedAt(), c.requester().ip(),
                c.browserFamily());
        variables.setVariable("link", c.link());
        variables.setVariable("code", c.code());
        variables.setVariable("expiresInMinutes", c.expiresInMinutes());
        variables.setVariable("recipient", c.recipient().value());
        variables.setVariable("originHost", c.originHost());
        String name = c.purpose().key();
        if (c.recipient().channel() == Channel.SMS) {
            // The origin-bound line must be the last one for WebOTP, so a trailing newline is dropped.
            String sms = engine.process("sms/" + name + ".txt", variables).stripTrailing();
            return new OutgoingMessage(c.recipient(), null, sms, null);
        }
        return new OutgoingMessage(c.recipient(), subject(name, c.locale()),
                engine.process("mail/" + name + ".txt", variables), engine.process("mail/" + name + ".html", variables));
    }

    @Override
    public OutgoingMessage renderNotice(NoticeContext c) {
        Context variables = variables(c.locale(), c.appName(), "changedAt", c.changedAt(), c.requester().ip(),
                c.browserFamily());
        variables.setVariable("newAddress", c.newAddress().masked());
        return new OutgoingMessage(c.recipient(), subject("email_changed", c.locale()),
                engine.process("mail/email_changed.txt", variables), engine.process("mail/email_changed.html", variables));
    }

    @Override
    public OutgoingMessage renderPasskeyNotice(PasskeyNoticeContext c) {
        Context variables = variables(c.locale(), c.appName(), "addedAt", c.addedAt(), c.requester().ip(),
                c.browserFamily());
        return new OutgoingMessage(c.recipient(), subject("passkey_added", c.locale()),
                engine.process("mail/passkey_added.txt", variables), engine.process("mail/passkey_added.html", variables));
    }

    /**
     * Latchkey's bundle read through {@code classLoader}, as UTF-8. A locale without a bundle of its own falls back
     * to English ({@code messages.properties}), never to the JVM's locale.
     */
    public static MessageSource messageSource(ClassLoader classLoader) {
        ResourceBundleMessageSource source = new ResourceBundleMessageSource();
        source.setBasename(MESSAGES);
        source.setBundleClassLoader(classLoader);
        source.setDefaultEncoding(StandardCharsets.UTF_8.name());
        source.setFallbackToSystemLocale(false);
        return source;
    }

    /** {@code when} in UTC, written by the {@code latchkey.time} pattern of {@code locale}'s bundle. */
    public static String formatTime(MessageSource messages, Instant when, Locale locale) {
        return DateTimeFormatter.ofPattern(messages.getMessage("latchkey.time", null, locale), locale)
                .withZone(ZoneOffset.UTC).format(when);
    }

    private String subject(String message, Locale locale) {
        return messages.getMessage("latchkey.mail." + message + ".subject", null, locale);
    }

    /** The variables every kind of message share; {@code whenName} is the one the templates call the time. */
    private Context variables(Locale locale, String appName, String whenName, Instant when, String ip,
                              String browser) {
        Context variables = new Context(locale);
        variables.setVariable("appName", appName);
        variables.setVariable(whenName, formatTime(messages, when, locale));
        variables.setVariable("ip", ip);
        variables.setVariable("browser", browser);
        return variables;
    }

    private static ClassLoaderTemplateResolver resolver(ClassLoader classLoader, TemplateMode mode, String pattern,
                                                        int order) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(classLoader);
        resolver.setPrefix(PREFIX);
        resolver.setTemplateMode(mode);
        resolver.setResolvablePatterns(Set.of(pattern));
        resolver.setCharacterEncoding(StandardCharsets.UTF_8.name());
        resolver.setCacheable(true);
        resolver.setCheckExistence(true);
        resolver.setOrder(order);
        return resolver;
    }
}
