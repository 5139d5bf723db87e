package dev.latchkey.bench.targets;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Bench-only endpoints under {@code /bench/**}, open to anyone: the captured token of a recipient, the JIT's
 * compilation time, and the heap in use after a full collection. Targets import this configuration; it is never part of a product.
 */
@Configuration(proxyBeanMethods = false)
public final class BenchEndpoints {

    @Bean
    CapturedTokens capturedTokens() {
        return new CapturedTokens();
    }

    /** Ahead of the application's chains, so their rules and CSRF never see the driver's calls. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain benchFilterChain(HttpSecurity http) throws Exception {
        return http.securityMatcher("/bench/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .build();
    }

    /**
     * {@code GET /bench/token?email=&wait-ms=}: the token once it is there, waiting up to {@code wait-ms}
     * (default 10 s), else 404. A member class, so it is registered with this configuration.
     */
    @RestController
    static final class TokenController {
        private final CapturedTokens tokens;

        TokenController(CapturedTokens tokens) {
            this.tokens = tokens;
        }

        @GetMapping("/bench/token")
        ResponseEntity<String> token(@RequestParam String email,
                                     @RequestParam(name = "wait-ms", defaultValue = "10000") long waitMillis)
                throws InterruptedException {
            return tokens.take(email, Duration.ofMillis(waitMillis)).map(ResponseEntity::ok)
                    .orElseGet(() -> ResponseEntity.notFound().build());
        }

        /** Milliseconds this JVM's JIT has spent compiling so far; the driver warms up until it stops growing. */
        @GetMapping("/bench/jit")
        long compilationMillis() {
            return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        }

        /** Forces a full collection first, so the figure is live data rather than garbage not yet collected. */
        @PostMapping("/bench/heap")
        long heapAfterGc() {
            System.gc();
            Runtime runtime = Runtime.getRuntime();
            return runtime.totalMemory() - runtime.freeMemory();
        }
    }
}
