package dev.latchkey.bench.targets.ceiling;

import dev.latchkey.bench.targets.BenchEndpoints;
import dev.latchkey.spring.autoconfigure.LatchkeyAutoConfiguration;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ceiling: the same Spring Boot web and security stack with no database and endpoints that do nothing,
 * driven with the same three requests per flow. Its flows/s is what the stack allows on this machine.
 */
@SpringBootApplication(exclude = LatchkeyAutoConfiguration.class, proxyBeanMethods = false, excludeName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.session.jdbc.autoconfigure.JdbcSessionAutoConfiguration"})
@RestController
@Import(BenchEndpoints.class)
public final class CeilingTarget {

    public static void main(String[] args) {
        SpringApplication.run(CeilingTarget.class, args);
    }

    @Bean
    SecurityFilterChain ceilingFilterChain(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .build();
    }

    @PostMapping("/noop/request")
    ResponseEntity<Map<String, String>> request() {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("request_id", "noop"));
    }

    @GetMapping("/noop/token")
    String token() {
        return "noop";
    }

    @PostMapping("/noop/exchange")
    Map<String, String> exchange() {
        return Map.of("access_token", "noop");
    }
}
