package dev.latchkey.bench.targets.baseline;

import dev.latchkey.bench.targets.BenchEndpoints;
import dev.latchkey.bench.targets.CapturedTokens;
import dev.latchkey.spring.autoconfigure.LatchkeyAutoConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.security.authentication.ott.JdbcOneTimeTokenService;
import org.springframework.security.authentication.ott.OneTimeTokenService;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.ott.OneTimeTokenGenerationSuccessHandler;
import org.springframework.security.web.authentication.ott.RedirectOneTimeTokenGenerationSuccessHandler;
import org.springframework.security.web.util.UrlUtils;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The baseline of SPEC §8: Spring Security's {@code oneTimeTokenLogin()} with {@code JdbcOneTimeTokenService},
 * set up as its reference documentation shows, with an HTTP session after sign-in and open registration. With
 * {@code bench.mail=true} (and {@code spring.mail.host}/{@code port}) its generation success handler mails the
 * magic link with {@code JavaMailSender} and redirects to {@code /ott/sent}, as the reference documentation's
 * handler does; otherwise the token goes to {@code /bench/token} instead of a mailbox, like the Latchkey
 * target's capturing sender.
 */
@SpringBootApplication(exclude = LatchkeyAutoConfiguration.class, proxyBeanMethods = false,
        excludeName = "org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration")
@Import(BenchEndpoints.class)
public final class BaselineTarget {

    public static void main(String[] args) {
        SpringApplication.run(BaselineTarget.class, args);
    }

    /**
     * Spring Security's schema file uses H2's {@code varchar_ignorecase}; this is its PostgreSQL equivalent.
     * Dropping first keeps earlier runs' tokens from weighing on this one.
     */
    @Bean
    OneTimeTokenService oneTimeTokenService(JdbcTemplate jdbc) {
        jdbc.execute("DROP TABLE IF EXISTS one_time_tokens");
        jdbc.execute("CREATE TABLE one_time_tokens (token_value varchar(36) NOT NULL PRIMARY KEY,"
                + " username varchar(50) NOT NULL, expires_at timestamp NOT NULL)");
        return new JdbcOneTimeTokenService(jdbc);
    }

    /** Anyone may sign in, as with Latchkey's open registration. */
    @Bean
    UserDetailsService anyUser() {
        return username -> User.withUsername(username).password("{noop}unused").roles("USER").build();
    }

    @Bean
    @ConditionalOnProperty(name = "bench.mail", havingValue = "false", matchIfMissing = true)
    OneTimeTokenGenerationSuccessHandler capturingSuccessHandler(CapturedTokens tokens) {
        return (request, response, token) -> {
            tokens.put(token.getUsername(), token.getTokenValue());
            response.setStatus(200);
        };
    }

    /** The reference documentation's magic-link handler; the username is the email address. */
    @Bean
    @ConditionalOnProperty(name = "bench.mail", havingValue = "true")
    OneTimeTokenGenerationSuccessHandler mailingSuccessHandler(JavaMailSender mail) {
        OneTimeTokenGenerationSuccessHandler redirect = new RedirectOneTimeTokenGenerationSuccessHandler("/ott/sent");
        return (request, response, token) -> {
            String magicLink = UriComponentsBuilder.fromUriString(UrlUtils.buildFullRequestUrl(request))
                    .replacePath(request.getContextPath()).replaceQuery(null).fragment(null)
                    .path("/login/ott").queryParam("token", token.getTokenValue()).toUriString();
            SimpleMailMessage message = new SimpleMailMessage();
            message.setFrom("no-reply@bench.example");
            message.setTo(token.getUsername());
            message.setSubject("Your Spring Security One Time Token");
            message.setText("Use the following link to sign in into the application: " + magicLink);
            mail.send(message);
            redirect.handle(request, response, token);
        };
    }

    /** CSRF is off, as the Latchkey JSON API has none; the driver is not a browser. */
    @Bean
    SecurityFilterChain baselineFilterChain(HttpSecurity http, OneTimeTokenGenerationSuccessHandler sent)
            throws Exception {
        return http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health").permitAll()
                        .anyRequest().authenticated())
                .csrf(csrf -> csrf.disable())
                .oneTimeTokenLogin(ott -> ott.tokenGenerationSuccessHandler(sent))
                .build();
    }
}
