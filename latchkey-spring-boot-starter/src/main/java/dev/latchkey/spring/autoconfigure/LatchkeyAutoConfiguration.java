package dev.latchkey.spring.autoconfigure;

import dev.latchkey.core.Latchkey;
import dev.latchkey.core.LatchkeyBuilder;
import dev.latchkey.core.audit.LatchkeyEventListener;
import dev.latchkey.core.config.LatchkeyConfig;
import dev.latchkey.core.delivery.DeliveryObserver;
import dev.latchkey.core.delivery.MessageSender;
import dev.latchkey.core.delivery.MessageTemplates;
import dev.latchkey.core.identity.EmailNormalizer;
import dev.latchkey.core.policy.LoginPolicy;
import dev.latchkey.core.policy.UserVerifier;
import dev.latchkey.core.spi.ApiSessionStore;
import dev.latchkey.core.spi.CeremonyStore;
import dev.latchkey.core.spi.AuditEventStore;
import dev.latchkey.core.spi.BatchedPurge;
import dev.latchkey.core.spi.ChallengeStore;
import dev.latchkey.core.spi.OutboxStore;
import dev.latchkey.core.spi.OidcStore;
import dev.latchkey.core.spi.PageSessions;
import dev.latchkey.core.spi.PasskeyStore;
import dev.latchkey.core.spi.ThrottleStore;
import dev.latchkey.core.spi.Transactions;
import dev.latchkey.core.spi.UserDirectory;
import dev.latchkey.core.usecase.FreshSignIn;
import dev.latchkey.spring.LatchkeyProperties;
import dev.latchkey.spring.SignInLinks;
import dev.latchkey.spring.delivery.DeliveryScheduler;
import dev.latchkey.spring.web.NextUrlPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Latchkey for a Spring Boot application: the engine on JDBC stores when there is a
 * {@code DataSource} and {@code latchkey-jdbc} (in memory otherwise), mail delivery from the outbox,
 * the sign-in pages, and the JSON API when Spring Security's JOSE support is present.
 * Every bean backs off when the application defines its own.
 */
@AutoConfiguration(afterName = {"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration"},
        before = {ServletWebSecurityAutoConfiguration.class, ErrorMvcAutoConfiguration.class},
        beforeName = "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration")
@ConditionalOnClass(Latchkey.class)
@EnableConfigurationProperties(LatchkeyProperties.class)
@Import({LatchkeyStoresConfiguration.class, LatchkeyMailConfiguration.class, LatchkeyWebConfiguration.class,
        LatchkeyApiConfiguration.class, LatchkeyPasskeyConfiguration.class, LatchkeyWebhookConfiguration.class,
        LatchkeyOidcConfiguration.class})
public final class LatchkeyAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock latchkeyClock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnMissingBean
    LatchkeyConfig latchkeyConfig(LatchkeyProperties properties) {
        return properties.toConfig();
    }

    @Bean
    @ConditionalOnMissingBean
    Latchkey latchkey(LatchkeyConfig config, Clock clock, ChallengeStore challenges, UserDirectory users,
                      OutboxStore outbox, ThrottleStore throttles, Transactions transactions,
                      LatchkeyMailConfiguration.DefaultSenders defaultSenders, ObjectProvider<MessageSender> senders,
                      MessageTemplates templates, ObjectProvider<LatchkeyEventListener> listeners,
                      ObjectProvider<AuditEventStore> auditStore, ObjectProvider<EmailNormalizer> emailNormalizer,
                      ObjectProvider<LoginPolicy> loginPolicy, ObjectProvider<UserVerifier> userVerifier,
                      ObjectProvider<DeliveryObserver> deliveryObserver, ObjectProvider<DeliveryScheduler> scheduler,
                      ObjectProvider<ApiSessionStore> apiSessionStore, ObjectProvider<PageSessions> pageSessions,
                      PasskeyStore passkeyStore, CeremonyStore ceremonyStore, ObjectProvider<OidcStore> oidcStore,
                      ObjectProvider<LatchkeyBuilderCustomizer> customizers) {
        LatchkeyBuilder builder = Latchkey.builder(config).clock(clock)
                .challenges(challenges).users(users).outbox(outbox).throttles(throttles).transactions(transactions)
                .templates(templates).passkeyStore(passkeyStore).ceremonyStore(ceremonyStore)
                // The scheduler is built from this engine, so it is looked up only when a message is queued.
                .onMessageQueued(() -> scheduler.ifAvailable(DeliveryScheduler::wake));
        // Application senders come last: a later sender for a channel replaces the default one.
        defaultSenders.senders().forEach(builder::sender);
        senders.orderedStream().forEach(builder::sender);
        auditStore.ifAvailable(store -> builder.auditTrail(store::append));
        listeners.orderedStream().forEach(builder::listener);
        emailNormalizer.ifAvailable(builder::emailNormalizer);
        loginPolicy.ifAvailable(builder::loginPolicy);
        userVerifier.ifAvailable(builder::userVerifier);
        deliveryObserver.ifAvailable(builder::deliveryObserver);
        apiSessionStore.ifAvailable(builder::apiSessionStore);
        pageSessions.ifAvailable(builder::pageSessions);
        oidcStore.ifAvailable(builder::oidcStore);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean
    DeliveryScheduler latchkeyDeliveryScheduler(Latchkey latchkey, LatchkeyProperties properties, Clock clock,
                                                ObjectProvider<AuditEventStore> auditStore,
                                                ObjectProvider<ApiSessionStore> sessionStore,
                                                ObjectProvider<OidcStore> oidcStore) {
        Runnable purge = () -> {
            latchkey.purgeExpired();
            Instant now = clock.instant();
            auditStore.ifAvailable(store -> BatchedPurge.run(b -> store.purgeOlderThan(now.minus(properties.audit().retention()), b)));
            sessionStore.ifAvailable(store -> {
                BatchedPurge.run(b -> store.purgeExpired(now, b));
                // Ended sessions stay a day, so "signed out" still shows up for support.
                BatchedPurge.run(b -> store.purgeEnded(now.minus(Duration.ofDays(1)), b));
            });
            oidcStore.ifAvailable(store -> BatchedPurge.run(b -> store.purgeExpired(now, b)));
        };
        return new DeliveryScheduler(latchkey.deliveryWorker(), properties.delivery().pollInterval(),
                properties.delivery().threads(), purge, properties.purge().interval());
    }

    @Bean
    @ConditionalOnMissingBean
    NextUrlPolicy latchkeyNextUrlPolicy(LatchkeyProperties properties) {
        return new NextUrlPolicy(properties.redirect().allowedHosts(), properties.redirect().afterLogin());
    }

    /** The fresh-login rule of an email change, one for the pages and the JSON API alike. */
    @Bean
    FreshSignIn latchkeyFreshSignIn(Clock clock, LatchkeyProperties properties) {
        return new FreshSignIn(clock, properties.emailChange().freshLogin());
    }

    @Bean
    @ConditionalOnMissingBean
    SignInLinks signInLinks(Latchkey latchkey, NextUrlPolicy nextUrls) {
        return new SignInLinks(latchkey, nextUrls);
    }

    /** Says at start-up why {@code /api/auth/**} and the JWKS are missing when the JOSE support is. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnProperty(name = "latchkey.api.enabled", havingValue = "true", matchIfMissing = true)
    @Conditional(JsonApiWithoutJose.JoseMissing.class)
    static class JsonApiWithoutJose {

        JsonApiWithoutJose() {
            LogFactory.getLog(LatchkeyAutoConfiguration.class).info("Latchkey's JSON API (/api/auth/**) and JWKS are off:"
                    + " spring-security-oauth2-jose is missing; add org.springframework.boot:"
                    + "spring-boot-starter-oauth2-resource-server to serve them");
        }

        /** The classes {@link LatchkeyApiConfiguration} needs, not all present. */
        static final class JoseMissing extends NoneNestedConditions {
            JoseMissing() {
                super(ConfigurationPhase.PARSE_CONFIGURATION);
            }

            @ConditionalOnClass(name = {"org.springframework.security.oauth2.jwt.JwtDecoder", "com.nimbusds.jose.jwk.JWK",
                    "org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint"})
            static class Jose {}
        }
    }
}
