package dev.latchkey.spring.autoconfigure;

import dev.latchkey.core.spi.ThrottleStore;
import dev.latchkey.redis.RedisThrottleStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * {@code latchkey.throttle.backend=redis}: counters in Redis, shared by every instance, on the
 * connection {@code spring.data.redis.*} describes. Start-up fails at once, naming the address,
 * when Redis cannot be reached.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "dev.latchkey.redis.RedisThrottleStore")
@ConditionalOnProperty(name = "latchkey.throttle.backend", havingValue = "redis")
class LatchkeyRedisConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(ThrottleStore.class)
    RedisThrottleStore latchkeyRedisThrottleStore(Environment environment) {
        return RedisThrottleStore.connect(redisUri(environment), "latchkey:throttle:");
    }

    /** {@code spring.data.redis.url}, or one built from host, port, password and database. */
    static String redisUri(Environment environment) {
        String url = environment.getProperty("spring.data.redis.url");
        if (url != null && !url.isBlank()) {
            return url;
        }
        String password = environment.getProperty("spring.data.redis.password");
        String credentials = password == null || password.isEmpty()
                ? "" : ":" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "@";
        return "redis://" + credentials + environment.getProperty("spring.data.redis.host", "localhost") + ":"
                + environment.getProperty("spring.data.redis.port", "6379") + "/"
                + environment.getProperty("spring.data.redis.database", "0");
    }
}
