package dev.latchkey.stockclient;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * An ordinary Spring Boot application that signs people in with {@code oauth2Login()}; its provider is
 * configured by {@code issuer-uri} alone (see {@code OidcStockSpringClientTest}). Its package is outside
 * {@code dev.latchkey.server}, so the server's component scan never picks it up.
 */
@SpringBootApplication
public class StockClientApplication {

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .oauth2Login(Customizer.withDefaults())
                .build();
    }

    @RestController
    static class Home {

        @GetMapping("/")
        String home(@AuthenticationPrincipal OidcUser user) {
            return "Signed in as " + user.getEmail();
        }

        @GetMapping("/id-token")
        String idToken(@AuthenticationPrincipal OidcUser user) {
            return user.getIdToken().getTokenValue();
        }
    }
}
