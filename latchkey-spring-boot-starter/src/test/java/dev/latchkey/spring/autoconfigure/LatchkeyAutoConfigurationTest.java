package dev.latchkey.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.Latchkey;
import dev.latchkey.core.challenge.Proof;
import dev.latchkey.core.challenge.RedemptionOutcome;
import dev.latchkey.core.challenge.RequestOutcome;
import dev.latchkey.core.challenge.RequesterContext;
import dev.latchkey.core.challenge.SignInRequest;
import dev.latchkey.core.delivery.MessageSender;
import dev.latchkey.core.delivery.OutgoingMessage;
import dev.latchkey.core.delivery.SendResult;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.core.memory.InMemoryChallengeStore;
import dev.latchkey.core.memory.InMemoryThrottleStore;
import dev.latchkey.core.memory.InMemoryUserDirectory;
import dev.latchkey.core.spi.ChallengeStore;
import dev.latchkey.core.spi.ThrottleStore;
import dev.latchkey.core.spi.UserDirectory;
import dev.latchkey.core.usecase.Passkeys;
import dev.latchkey.jdbc.JdbcChallengeStore;
import dev.latchkey.jdbc.JdbcThrottleStore;
import dev.latchkey.jdbc.JdbcUserDirectory;
import dev.latchkey.spring.SignInLinks;
import dev.latchkey.spring.delivery.DevMailbox;
import dev.latchkey.spring.api.AuthApiController;
import dev.latchkey.spring.api.JwksController;
import dev.latchkey.spring.api.PasskeyApiController;
import dev.latchkey.spring.delivery.LogMessageSender;
import dev.latchkey.spring.web.LoginController;
import dev.latchkey.spring.web.PasskeyOffer;
import dev.latchkey.spring.web.PasskeyPagesController;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the auto-configuration provides, that every bean gives way to the application's own, and
 * that each optional dependency's feature backs off when the application leaves it out.
 */
@ExtendWith(OutputCaptureExtension.class)
class LatchkeyAutoConfigurationTest {
    private static final String JSON_API_OFF = "Latchkey's JSON API (/api/auth/**) and JWKS are off";
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, LatchkeyAutoConfiguration.class))
            .withPropertyValues("latchkey.secret=auto-configuration-test-secret-0123456789");

    private ApplicationContextRunner withDatabase() {
        return runner.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    @Test
    void contextWhenDataSourcePresentThenJdbcStoresAndMemoryThrottles() {
        withDatabase().run(context -> {
            assertThat(context).hasSingleBean(Latchkey.class);
            assertThat(context.getBean(ChallengeStore.class)).isInstanceOf(JdbcChallengeStore.class);
            assertThat(context.getBean(UserDirectory.class)).isInstanceOf(JdbcUserDirectory.class);
            assertThat(context.getBean(ThrottleStore.class)).isInstanceOf(InMemoryThrottleStore.class);
        });
    }

    @Test
    void throttleBackendWhenJdbcThenSharedThrottleStore() {
        withDatabase().withPropertyValues("latchkey.throttle.backend=jdbc")
                .run(context -> assertThat(context.getBean(ThrottleStore.class)).isInstanceOf(JdbcThrottleStore.class));
    }

    @Test
    void contextWhenNoDataSourceThenInMemoryStores() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(LatchkeyAutoConfiguration.class))
                .withPropertyValues("latchkey.secret=auto-configuration-test-secret-0123456789")
                .run(context -> assertThat(context.getBean(UserDirectory.class)).isInstanceOf(InMemoryUserDirectory.class));
    }

    @Test
    void contextWhenNoJdbcOnClasspathThenInMemoryStores() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.jdbc", "dev.latchkey.jdbc")).run(context -> {
            assertThat(context).hasSingleBean(Latchkey.class).doesNotHaveBean(DataSource.class);
            assertThat(context.getBean(ChallengeStore.class)).isInstanceOf(InMemoryChallengeStore.class);
            assertThat(context.getBean(UserDirectory.class)).isInstanceOf(InMemoryUserDirectory.class);
        });
    }

    @Test
    void contextWhenDataSourceButNoLatchkeyJdbcThenInMemoryStoresAndAWarning(CapturedOutput output) {
        withDatabase().withClassLoader(new FilteredClassLoader("dev.latchkey.jdbc")).run(context -> {
            assertThat(context).hasSingleBean(Latchkey.class).hasSingleBean(DataSource.class);
            assertThat(context.getBean(ChallengeStore.class)).isInstanceOf(InMemoryChallengeStore.class);
            assertThat(context.getBean(UserDirectory.class)).isInstanceOf(InMemoryUserDirectory.class);
        });
        assertThat(output).contains("although the application has a DataSource: add dev.latchkey:latchkey-jdbc");
    }

    @Test
    void userDirectoryWhenApplicationDefinesOneThenItIsUsed() {
        withDatabase().withUserConfiguration(OwnDirectory.class).run(context -> {
            assertThat(context.getBean(UserDirectory.class)).isSameAs(context.getBean(OwnDirectory.class).directory);
            assertThat(context).doesNotHaveBean(JdbcUserDirectory.class);
        });
    }

    @Test
    void messageSenderWhenApplicationDefinesOneThenItSendsTheMail() {
        withDatabase().withUserConfiguration(OwnSender.class).run(context -> {
            Latchkey latchkey = context.getBean(Latchkey.class);
            latchkey.requestSignIn(SignInRequest.login(Channel.EMAIL, "ada@example.com", RequesterContext.internal()));
            // The delivery scheduler runs in the context too and may be the one that sends it.
            latchkey.deliveryWorker().drain();
            List<OutgoingMessage> sent = context.getBean(OwnSender.class).sent;
            awaitSize(sent::size, 1);
            assertThat(sent).singleElement().satisfies(m -> assertThat(m.recipient().value()).isEqualTo("ada@example.com"));
        });
    }

    @Test
    void mailTransportWhenUnsetAndNoMailHostThenLogs() {
        withDatabase().run(context -> assertThat(context.getBean(LatchkeyMailConfiguration.DefaultSenders.class).senders())
                .first().isInstanceOf(LogMessageSender.class));
    }

    @Test
    void mailTransportWhenNoMailOnClasspathThenLogs() {
        withDatabase().withClassLoader(new FilteredClassLoader("org.springframework.mail", "jakarta.mail")).run(context -> {
            assertThat(context).hasSingleBean(Latchkey.class).doesNotHaveBean(LatchkeyMailConfiguration.SmtpSenders.class);
            assertThat(context.getBean(LatchkeyMailConfiguration.DefaultSenders.class).senders())
                    .first().isInstanceOf(LogMessageSender.class);
        });
    }

    @Test
    void mailTransportWhenMailHostSetButNoMailOnClasspathThenStartUpFailsNamingTheDependency() {
        withDatabase().withClassLoader(new FilteredClassLoader("org.springframework.mail", "jakarta.mail"))
                .withPropertyValues("spring.mail.host=smtp.example.com")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessage("latchkey.mail.transport=smtp"
                        + " needs Spring's mail support: add the dependency org.springframework.boot:spring-boot-starter-mail"));
    }

    @Test
    void jsonApiWhenJoseOnClasspathThenServed(CapturedOutput output) {
        webRunner().run(context -> assertThat(context).hasSingleBean(LoginController.class)
                .hasSingleBean(AuthApiController.class).hasSingleBean(JwksController.class));
        assertThat(output).doesNotContain(JSON_API_OFF);
    }

    @Test
    void jsonApiWhenNoJoseOnClasspathThenPagesOnlyAndTheLogSaysWhy(CapturedOutput output) {
        webRunner().withClassLoader(new FilteredClassLoader("com.nimbusds", "org.springframework.security.oauth2.jwt"))
                .run(context -> assertThat(context).hasSingleBean(Latchkey.class).hasSingleBean(LoginController.class)
                        .doesNotHaveBean(AuthApiController.class).doesNotHaveBean(JwksController.class));
        assertThat(output).contains(JSON_API_OFF + ": spring-security-oauth2-jose is missing;"
                + " add org.springframework.boot:spring-boot-starter-oauth2-resource-server to serve them");
    }

    @Test
    void passkeysWhenOnByDefaultThenPagesApiAndOfferAreServed() {
        webRunner().run(context -> assertThat(context).hasSingleBean(Passkeys.class)
                .hasSingleBean(PasskeyPagesController.class).hasSingleBean(PasskeyApiController.class)
                .hasSingleBean(PasskeyOffer.class));
    }

    @Test
    void passkeysWhenDisabledThenNoneOfThemAndNoOffer() {
        webRunner().withPropertyValues("latchkey.passkeys.enabled=false").run(context -> assertThat(context)
                .hasSingleBean(LoginController.class).doesNotHaveBean(Passkeys.class)
                .doesNotHaveBean(PasskeyPagesController.class).doesNotHaveBean(PasskeyApiController.class)
                .doesNotHaveBean(PasskeyOffer.class));
    }

    /** A servlet application with Spring Security, where the pages and the JSON API live. */
    private static WebApplicationContextRunner webRunner() {
        return new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SecurityAutoConfiguration.class,
                        ServletWebSecurityAutoConfiguration.class, LatchkeyAutoConfiguration.class))
                .withPropertyValues("latchkey.secret=auto-configuration-test-secret-0123456789");
    }

    @Test
    void mailTransportWhenDevMailboxThenMessagesAreKept() {
        withDatabase().withPropertyValues("latchkey.mail.transport=dev-mailbox").run(context -> {
            Latchkey latchkey = context.getBean(Latchkey.class);
            latchkey.requestSignIn(SignInRequest.login(Channel.EMAIL, "ada@example.com", RequesterContext.internal()));
            latchkey.deliveryWorker().drain();
            DevMailbox mailbox = context.getBean(DevMailbox.class);
            awaitSize(() -> mailbox.messages().size(), 1);
            assertThat(mailbox.messages()).singleElement()
                    .satisfies(m -> assertThat(m.recipient()).isEqualTo("ada@example.com"));
        });
    }

    @Test
    void signInLinksWhenSentFromApplicationCodeThenMessageGoesOutWithTheAllowedNext() {
        withDatabase().withPropertyValues("latchkey.mail.transport=dev-mailbox").run(context -> {
            SignInLinks links = context.getBean(SignInLinks.class);
            assertThat(links.send("invited@example.com", "/welcome")).isInstanceOf(RequestOutcome.Accepted.class);
            assertThat(links.send("not an address", null)).isInstanceOf(RequestOutcome.Invalid.class);
            context.getBean(Latchkey.class).deliveryWorker().drain();
            DevMailbox mailbox = context.getBean(DevMailbox.class);
            awaitSize(() -> mailbox.messages().size(), 1);
            String token = mailbox.messages().get(0).text().replaceAll("(?s).*/login/link/([A-Za-z0-9_-]{43}).*", "$1");
            RedemptionOutcome outcome = context.getBean(Latchkey.class).redeemLink(token, Proof.from(RequesterContext.internal()));
            assertThat(outcome).isInstanceOfSatisfying(RedemptionOutcome.SignedIn.class,
                    signedIn -> assertThat(signedIn.next()).isEqualTo("/welcome"));
        });
    }

    @Test
    void secretWhenMissingThenStartUpFailsNamingTheProperty() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(LatchkeyAutoConfiguration.class))
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("latchkey.secret is required"));
    }

    @Test
    void settingWhenInvalidThenStartUpFailsNamingTheProperty() {
        withDatabase().withPropertyValues("latchkey.code.length=3").run(context -> assertThat(context).getFailure()
                .rootCause().hasMessage("latchkey.code.length must be between 4 and 12, e.g. 6 (was 3)"));
    }

    @Test
    void rateWhenMalformedThenStartUpFailsNamingTheProperty() {
        withDatabase().withPropertyValues("latchkey.throttle.requests-per-ip=lots").run(context -> {
            List<String> messages = new ArrayList<>();
            for (Throwable cause = context.getStartupFailure(); cause != null; cause = cause.getCause()) {
                messages.add(String.valueOf(cause.getMessage()));
            }
            assertThat(messages).anySatisfy(m -> assertThat(m).contains("latchkey.throttle.requests-per-ip"));
            assertThat(messages).anySatisfy(m -> assertThat(m).contains("a rate looks like 5/1h or 50/15m (was 'lots')"));
        });
    }

    /** Waits, at most 10 s, until {@code size} reports {@code expected}: the scheduler thread may be the sender. */
    private static void awaitSize(IntSupplier size, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        Object monitor = new Object();
        synchronized (monitor) {
            while (size.getAsInt() < expected && System.nanoTime() < deadline) {
                monitor.wait(20);
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnDirectory {
        final InMemoryUserDirectory directory = new InMemoryUserDirectory();

        @Bean
        UserDirectory appUsers() {
            return directory;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnSender {
        final List<OutgoingMessage> sent = new CopyOnWriteArrayList<>();

        @Bean
        MessageSender appMailSender() {
            return new MessageSender() {
                @Override
                public Channel channel() {
                    return Channel.EMAIL;
                }

                @Override
                public SendResult send(OutgoingMessage message) {
                    sent.add(message);
                    return new SendResult.Sent();
                }
            };
        }
    }
}
