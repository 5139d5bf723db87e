package dev.latchkey.server;

import dev.latchkey.core.spi.PageSessions;
import dev.latchkey.spring.web.LatchkeyConfigurer;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.security.SpringSessionBackedSessionRegistry;

/** What the server adds to the starter: open health, metrics and API description, meters, and a start-up line. */
@Configuration(proxyBeanMethods = false)
class ServerConfiguration {
    private static final System.Logger LOG = System.getLogger(LatchkeyServer.class.getName());

    @Bean
    OpenAPI latchkeyOpenApi() {
        return new OpenAPI().info(new Info().title("Latchkey JSON API").version("1")
                .description("Passwordless sign-in: request a link and code, exchange either for an ES256 access token"
                        + " and a rotating refresh token. Errors are {\"error\", \"detail\"}. Public keys: /.well-known/jwks.json."));
    }

    /** Page sessions are registered with Spring Session, so the registry sees them on every instance. */
    @Bean
    SessionRegistry latchkeySessionRegistry(FindByIndexNameSessionRepository<? extends Session> sessions) {
        return new SpringSessionBackedSessionRegistry<>(sessions);
    }

    /** "Sign out everywhere", email changes and disabling delete the user's page sessions in Spring Session. */
    @Bean
    PageSessions latchkeyPageSessions(FindByIndexNameSessionRepository<? extends Session> sessions) {
        return new SpringSessionPageSessions(sessions);
    }

    @Bean
    LatchkeyMetrics latchkeyMetrics(MeterRegistry registry) {
        return new LatchkeyMetrics(registry);
    }

    /**
     * Spring Security's observations wrap each of a chain's filters: about 8 % of the server's CPU per sign-in in
     * the bench profile, for timers no operator watches. {@code http.server.requests} still times every request.
     */
    @Bean
    SecurityObservationSettings latchkeySecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Health and metrics are for load balancers and Prometheus; restrict them at the network edge. Every API
     * guards itself in its own chain, so an unknown {@code /api/} path answers a JSON 404, not a login redirect.
     */
    @Bean
    SecurityFilterChain serverFilterChain(HttpSecurity http, LatchkeyConfigurer latchkey) throws Exception {
        return http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/", "/error", "/actuator/health", "/actuator/health/**", "/actuator/prometheus",
                                "/v3/api-docs", "/v3/api-docs/**", "/api/**").permitAll()
                        .anyRequest().authenticated())
                // Nothing under /api/ uses cookies (SPEC §5), so it takes no CSRF token either.
                .csrf(csrf -> csrf.ignoringRequestMatchers("/api/**"))
                .with(latchkey, configurer -> { })
                .build();
    }

    @EventListener
    void announce(ApplicationReadyEvent ready) {
        Environment environment = ready.getApplicationContext().getEnvironment();
        String base = environment.getProperty("latchkey.base-url", "http://localhost:8080");
        String mailbox = "dev-mailbox".equals(environment.getProperty("latchkey.mail.transport"))
                ? ", messages at " + base + "/dev/mailbox" : "";
        LOG.log(System.Logger.Level.INFO, "Latchkey is running: sign in at " + base + "/login" + mailbox
                + ", JSON API at " + base + "/api/auth, JWKS at " + base + "/.well-known/jwks.json");
    }
}
