package dev.latchkey.spring.testing;

import dev.latchkey.core.testing.MutableClock;
import java.time.Instant;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Replaces Latchkey's clock with one the test moves, starting at the real time so servers see sane dates. */
@TestConfiguration(proxyBeanMethods = false)
public class MovableClockConfiguration {

    @Bean
    MutableClock clock() {
        MutableClock clock = MutableClock.at("2030-01-01T00:00:00Z");
        clock.set(Instant.now());
        return clock;
    }
}
