package dev.latchkey.spring.autoconfigure;

import dev.latchkey.core.config.InvalidSettingException;
import dev.latchkey.core.config.LatchkeyConfig;
import dev.latchkey.core.delivery.MessageSender;
import dev.latchkey.core.delivery.MessageTemplates;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.core.spi.ThrottleStore;
import dev.latchkey.spring.LatchkeyProperties;
import dev.latchkey.spring.LatchkeyProperties.MailTransport;
import dev.latchkey.spring.delivery.BudgetedSender;
import dev.latchkey.spring.delivery.DevMailbox;
import dev.latchkey.spring.delivery.LogMessageSender;
import dev.latchkey.spring.delivery.MailMessageSender;
import dev.latchkey.spring.delivery.ThymeleafMessageTemplates;
import dev.latchkey.spring.delivery.TwilioSmsSender;
import dev.latchkey.spring.delivery.WebhookSmsSender;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** How messages leave: SMTP, the dev mailbox or the log, rendered from overridable Thymeleaf templates. */
@Configuration(proxyBeanMethods = false)
class LatchkeyMailConfiguration {

    /** The senders Latchkey uses unless the application defines a {@link MessageSender} bean for the channel. */
    record DefaultSenders(List<MessageSender> senders) {}

    /** Makes the SMTP sender when the transport is {@code smtp}; a bean only when Spring's mail support is present. */
    @FunctionalInterface
    interface SmtpSenders {
        MessageSender create();
    }

    /** Kept apart so that {@code JavaMailSender} is loaded only when spring-boot-starter-mail is on the classpath. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({JavaMailSender.class, MimeMessage.class})
    static class Smtp {

        @Bean
        SmtpSenders latchkeySmtpSenders(LatchkeyProperties properties, LatchkeyConfig config,
                                        ObjectProvider<JavaMailSender> mailSender) {
            return () -> new MailMessageSender(withTimeouts(mailSender.getIfAvailable(() -> {
                throw new InvalidSettingException("latchkey.mail.transport=smtp needs an SMTP server:"
                        + " set spring.mail.host, e.g. smtp.example.com");
            }), config.delivery().timeout()), properties.mail().from());
        }

        /**
         * Gives Spring Boot's SMTP sender the connect, read and write timeouts of {@code latchkey.delivery.timeout}
         * (JavaMail waits forever by default); a timeout set in {@code spring.mail.properties} is kept.
         */
        private static JavaMailSender withTimeouts(JavaMailSender sender, Duration timeout) {
            if (sender instanceof JavaMailSenderImpl smtp) {
                Properties properties = smtp.getJavaMailProperties();
                String millis = Long.toString(timeout.toMillis());
                for (String name : List.of("mail.smtp.connectiontimeout", "mail.smtp.timeout", "mail.smtp.writetimeout")) {
                    properties.putIfAbsent(name, millis);
                }
                smtp.setJavaMailProperties(properties);
            }
            return sender;
        }
    }

    @Bean
    @ConditionalOnMissingBean
    MessageTemplates latchkeyMessageTemplates(ApplicationContext context) {
        return new ThymeleafMessageTemplates(context);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "latchkey.mail.transport", havingValue = "dev-mailbox")
    DevMailbox latchkeyDevMailbox() {
        return new DevMailbox(200);
    }

    @Bean
    DefaultSenders latchkeyDefaultSenders(LatchkeyProperties properties, LatchkeyConfig config, Environment environment,
                                          Clock clock, ThrottleStore throttles, ObjectProvider<SmtpSenders> smtp,
                                          ObjectProvider<DevMailbox> mailbox) {
        Duration timeout = config.delivery().timeout();
        MessageSender email = switch (transport(properties, environment)) {
            case SMTP -> smtp.getIfAvailable(() -> {
                throw new InvalidSettingException("latchkey.mail.transport=smtp needs Spring's mail support:"
                        + " add the dependency org.springframework.boot:spring-boot-starter-mail");
            }).create();
            case DEV_MAILBOX -> mailbox.getObject().senderFor(Channel.EMAIL);
            case LOG -> new LogMessageSender(Channel.EMAIL);
        };
        return new DefaultSenders(List.of(email, new BudgetedSender(smsSender(properties, mailbox, timeout),
                properties.sms().dailyBudget(), throttles, clock)));
    }

    /** The provider of {@code latchkey.sms.provider}; the dev mailbox stands in for {@code log} in development. */
    private static MessageSender smsSender(LatchkeyProperties properties, ObjectProvider<DevMailbox> mailbox,
                                           Duration timeout) {
        LatchkeyProperties.Sms sms = properties.sms();
        return switch (sms.provider()) {
            case TWILIO -> new TwilioSmsSender(sms.twilio(), smsHttpClient(timeout), timeout);
            case WEBHOOK -> new WebhookSmsSender(sms.webhook(), smsHttpClient(timeout), timeout);
            case LOG -> properties.mail().transport() == MailTransport.DEV_MAILBOX
                    ? mailbox.getObject().senderFor(Channel.SMS) : new LogMessageSender(Channel.SMS);
        };
    }

    /** The HTTP client of an SMS provider, made only when one is configured. */
    private static HttpClient smsHttpClient(Duration timeout) {
        return HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** An explicit transport wins; otherwise SMTP when {@code spring.mail.host} is set, else the log. */
    static MailTransport transport(LatchkeyProperties properties, Environment environment) {
        if (properties.mail().transport() != null) {
            return properties.mail().transport();
        }
        return environment.containsProperty("spring.mail.host") ? MailTransport.SMTP : MailTransport.LOG;
    }
}
