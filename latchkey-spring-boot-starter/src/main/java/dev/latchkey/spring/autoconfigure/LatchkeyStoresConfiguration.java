package dev.latchkey.spring.autoconfigure;

import dev.latchkey.core.config.InvalidSettingException;
import dev.latchkey.core.memory.InMemoryApiSessionStore;
import dev.latchkey.core.memory.InMemoryCeremonyStore;
import dev.latchkey.core.memory.InMemoryPasskeyStore;
import dev.latchkey.core.memory.InMemoryAuditEventStore;
import dev.latchkey.core.memory.InMemoryInstanceSettings;
import dev.latchkey.core.memory.InMemoryOidcStore;
import dev.latchkey.core.memory.InMemorySigningKeyStore;
import dev.latchkey.core.memory.InMemoryChallengeStore;
import dev.latchkey.core.memory.InMemoryOutboxStore;
import dev.latchkey.core.memory.InMemoryThrottleStore;
import dev.latchkey.core.memory.InMemoryUserDirectory;
import dev.latchkey.core.spi.ApiSessionStore;
import dev.latchkey.core.spi.AuditEventStore;
import dev.latchkey.core.spi.CeremonyStore;
import dev.latchkey.core.spi.PasskeyStore;
import dev.latchkey.core.spi.InstanceSettings;
import dev.latchkey.core.spi.OidcStore;
import dev.latchkey.core.spi.SigningKeyStore;
import dev.latchkey.core.spi.ChallengeStore;
import dev.latchkey.core.spi.OutboxStore;
import dev.latchkey.core.spi.ThrottleStore;
import dev.latchkey.core.spi.Transactions;
import dev.latchkey.core.spi.UserDirectory;
import dev.latchkey.core.webhook.Webhooks;
import dev.latchkey.jdbc.Dialect;
import dev.latchkey.jdbc.JdbcApiSessionStore;
import dev.latchkey.jdbc.JdbcAuditEventStore;
import dev.latchkey.jdbc.JdbcCeremonyStore;
import dev.latchkey.jdbc.JdbcInstanceSettings;
import dev.latchkey.jdbc.JdbcOidcStore;
import dev.latchkey.jdbc.JdbcSigningKeyStore;
import dev.latchkey.jdbc.JdbcChallengeStore;
import dev.latchkey.jdbc.JdbcOutboxStore;
import dev.latchkey.jdbc.JdbcPasskeyStore;
import dev.latchkey.jdbc.JdbcThrottleStore;
import dev.latchkey.jdbc.JdbcTransactions;
import dev.latchkey.jdbc.JdbcUserDirectory;
import dev.latchkey.jdbc.LatchkeySchema;
import dev.latchkey.jdbc.PostgresSignInStore;
import dev.latchkey.spring.LatchkeyProperties;
import javax.sql.DataSource;
import java.time.Clock;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Stores: JDBC on the application's {@code DataSource} when it has one and {@code latchkey-jdbc} is on
 * the classpath, in memory otherwise.
 */
@Configuration(proxyBeanMethods = false)
@Import({LatchkeyRedisConfiguration.class, LatchkeyStoresConfiguration.Jdbc.class, LatchkeyStoresConfiguration.InMemory.class})
class LatchkeyStoresConfiguration {
    private static final String LATCHKEY_JDBC = "dev.latchkey.jdbc.JdbcTransactions";

    /** Counters in this process, for {@code latchkey.throttle.backend=memory}; any other backend that got here is misconfigured. */
    @Bean
    @ConditionalOnMissingBean(ThrottleStore.class)
    InMemoryThrottleStore latchkeyThrottleStore(LatchkeyProperties properties, Clock clock) {
        switch (properties.throttle().backend()) {
            case JDBC -> throw new InvalidSettingException(
                    "latchkey.throttle.backend=jdbc needs a DataSource and dev.latchkey:latchkey-jdbc:"
                            + " set spring.datasource.url, e.g. jdbc:postgresql://db/latchkey");
            case REDIS -> throw new InvalidSettingException(
                    "latchkey.throttle.backend=redis needs the dev.latchkey:latchkey-redis dependency on the classpath");
            default -> {
                return new InMemoryThrottleStore(clock, InMemoryThrottleStore.DEFAULT_MAXIMUM_SIZE);
            }
        }
    }

    @Bean
    @ConditionalOnMissingBean(ApiSessionStore.class)
    InMemoryApiSessionStore latchkeyApiSessionStore() {
        return new InMemoryApiSessionStore();
    }

    @Bean
    @ConditionalOnMissingBean(SigningKeyStore.class)
    InMemorySigningKeyStore latchkeySigningKeyStore() {
        return new InMemorySigningKeyStore();
    }

    @Bean
    @ConditionalOnMissingBean(InstanceSettings.class)
    InMemoryInstanceSettings latchkeyInstanceSettings() {
        return new InMemoryInstanceSettings();
    }

    @Bean
    @ConditionalOnMissingBean(PasskeyStore.class)
    InMemoryPasskeyStore latchkeyPasskeyStore() {
        return new InMemoryPasskeyStore();
    }

    @Bean
    @ConditionalOnMissingBean(OidcStore.class)
    InMemoryOidcStore latchkeyOidcStore() {
        return new InMemoryOidcStore();
    }

    @Bean
    @ConditionalOnMissingBean(CeremonyStore.class)
    InMemoryCeremonyStore latchkeyCeremonyStore() {
        return new InMemoryCeremonyStore();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JdbcTransactions.class)
    @ConditionalOnBean(DataSource.class)
    static class Jdbc {

        @Bean
        @ConditionalOnMissingBean
        JdbcTransactions latchkeyTransactions(DataSource dataSource, LatchkeyProperties properties) {
            if (properties.jdbc().initializeSchema()) {
                LatchkeySchema.migrate(dataSource);
            }
            return new JdbcTransactions(dataSource);
        }

        @Bean
        @ConditionalOnMissingBean(ChallengeStore.class)
        JdbcChallengeStore latchkeyChallengeStore(JdbcTransactions transactions) {
            return new JdbcChallengeStore(transactions);
        }

        @Bean
        @ConditionalOnMissingBean(OutboxStore.class)
        JdbcOutboxStore latchkeyOutboxStore(JdbcTransactions transactions) {
            return new JdbcOutboxStore(transactions);
        }

        @Bean
        @ConditionalOnMissingBean(UserDirectory.class)
        JdbcUserDirectory latchkeyUserDirectory(JdbcTransactions transactions) {
            return new JdbcUserDirectory(transactions);
        }

        @Bean
        @ConditionalOnMissingBean(AuditEventStore.class)
        JdbcAuditEventStore latchkeyAuditEventStore(JdbcTransactions transactions) {
            return new JdbcAuditEventStore(transactions);
        }

        @Bean
        @ConditionalOnMissingBean(ApiSessionStore.class)
        JdbcApiSessionStore latchkeyApiSessionStore(JdbcTransactions transactions) {
            return new JdbcApiSessionStore(transactions);
        }

        @Bean
        @ConditionalOnMissingBean(SigningKeyStore.class)
        JdbcSigningKeyStore latchkeySigningKeyStore(JdbcTransactions transactions) {
            return new JdbcSigningKeyStore(transactions);
        }

        @Bean
        @ConditionalOnMissingBean(OidcStore.class)
        JdbcOidcStore latchkeyOidcStore(JdbcTransactions transactions) {
            return new JdbcOidcStore(transactions);
        }

        @Bean
        @ConditionalOnMissingBean(InstanceSettings.class)
        JdbcInstanceSettings latchkeyInstanceSettings(JdbcTransactions transactions) {
            return new JdbcInstanceSettings(transactions);
        }

        @Bean
        @ConditionalOnMissingBean(PasskeyStore.class)
        JdbcPasskeyStore latchkeyPasskeyStore(JdbcTransactions transactions) {
            return new JdbcPasskeyStore(transactions);
        }

        @Bean
        @ConditionalOnMissingBean(CeremonyStore.class)
        JdbcCeremonyStore latchkeyCeremonyStore(JdbcTransactions transactions) {
            return new JdbcCeremonyStore(transactions);
        }

        @Bean
        @ConditionalOnMissingBean(ThrottleStore.class)
        @ConditionalOnProperty(name = "latchkey.throttle.backend", havingValue = "jdbc")
        JdbcThrottleStore latchkeyJdbcThrottleStore(JdbcTransactions transactions) {
            return new JdbcThrottleStore(transactions);
        }

        /**
         * On PostgreSQL, the sign-in hot path as fused statements (SPEC §8), when every store it
         * writes is latchkey-jdbc's; an application store of its own keeps the stepwise path.
         */
        @Bean
        LatchkeyBuilderCustomizer latchkeyFusedSignIn(JdbcTransactions transactions, ChallengeStore challenges,
                                                      UserDirectory users, OutboxStore outbox,
                                                      ApiSessionStore apiSessions, ThrottleStore throttles,
                                                      ObjectProvider<AuditEventStore> audit, Webhooks webhooks) {
            boolean ours = challenges instanceof JdbcChallengeStore && users instanceof JdbcUserDirectory
                    && outbox instanceof JdbcOutboxStore && apiSessions instanceof JdbcApiSessionStore
                    && audit.getIfAvailable() instanceof JdbcAuditEventStore;
            return builder -> {
                if (ours && transactions.dialect() == Dialect.POSTGRESQL) {
                    builder.signInStore(new PostgresSignInStore(transactions, throttles instanceof JdbcThrottleStore,
                            webhooks));
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(InMemory.NoJdbcStores.class)
    static class InMemory {

        /** No {@code DataSource}, or no {@code latchkey-jdbc} to use it with. */
        static final class NoJdbcStores extends AnyNestedCondition {
            NoJdbcStores() {
                super(ConfigurationPhase.REGISTER_BEAN);
            }

            @ConditionalOnMissingBean(DataSource.class)
            static class NoDataSource {}

            @ConditionalOnMissingClass(LATCHKEY_JDBC)
            static class NoLatchkeyJdbc {}
        }

        @Bean
        @ConditionalOnMissingBean(Transactions.class)
        Transactions latchkeyTransactions() {
            return Transactions.none();
        }

        @Bean
        @ConditionalOnMissingBean(OutboxStore.class)
        InMemoryOutboxStore latchkeyOutboxStore() {
            return new InMemoryOutboxStore();
        }

        @Bean
        @ConditionalOnMissingBean(ChallengeStore.class)
        InMemoryChallengeStore latchkeyChallengeStore(OutboxStore outbox) {
            return new InMemoryChallengeStore(outbox instanceof InMemoryOutboxStore memory ? memory : null);
        }

        @Bean
        @ConditionalOnMissingBean(UserDirectory.class)
        InMemoryUserDirectory latchkeyUserDirectory() {
            return new InMemoryUserDirectory();
        }

        @Bean
        @ConditionalOnMissingBean(AuditEventStore.class)
        InMemoryAuditEventStore latchkeyAuditEventStore() {
            return new InMemoryAuditEventStore();
        }
    }

    /** Warns that the application's database is not used: without this an app would lose its users at each restart unawares. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass(LATCHKEY_JDBC)
    @ConditionalOnBean(DataSource.class)
    static class DataSourceWithoutLatchkeyJdbc {

        DataSourceWithoutLatchkeyJdbc() {
            LogFactory.getLog(LatchkeyStoresConfiguration.class).warn("Latchkey keeps its users and sign-ins in memory"
                    + " although the application has a DataSource: add dev.latchkey:latchkey-jdbc to keep them in the database");
        }
    }
}
