package dev.latchkey.spring.resourceserver;

import dev.latchkey.spring.autoconfigure.LatchkeyAutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Any Spring Boot resource server: {@code jwk-set-uri}, {@code issuer-uri} and {@code jws-algorithms=ES256} point it at Latchkey. */
@SpringBootApplication(exclude = LatchkeyAutoConfiguration.class)
public class StockResourceServer {

    @RestController
    static class WhoAmI {
        @GetMapping("/whoami")
        String whoami(@AuthenticationPrincipal Jwt jwt) {
            return jwt.getSubject() + " " + jwt.getClaimAsStringList("amr");
        }
    }
}
