package dev.latchkey.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.config.Rate;
import dev.latchkey.core.memory.InMemoryThrottleStore;
import dev.latchkey.core.spi.ThrottleStore;
import dev.latchkey.core.testing.Harness;
import dev.latchkey.core.throttle.ThrottleDecision;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * SPEC §2 rule 18: throttle keys are HMACs of the identifier or IP under {@code latchkey.secret},
 * so a dump of the throttle store cannot be reversed by hashing a list of addresses.
 */
class Rule18ThrottleKeysAreHmacsTest {
    private static final String EMAIL = "ada@example.com";

    @Test
    void requestWhenThrottledThenStoredKeysAreNeitherClearNorPlainSha256() throws Exception {
        Set<String> keys = ConcurrentHashMap.newKeySet();
        Harness h = new Harness(recording(keys), s -> { }, e -> { });

        h.request(EMAIL);

        assertThat(keys).isNotEmpty();
        List<String> plain = List.of(EMAIL, Harness.REQUESTER.ip(), sha256(EMAIL), sha256(Harness.REQUESTER.ip()));
        for (String key : keys) {
            for (String revealing : plain) {
                assertThat(key).doesNotContain(revealing);
            }
        }
    }

    @Test
    void requestWhenSecretDiffersThenKeysDiffer() {
        Set<String> first = ConcurrentHashMap.newKeySet();
        Set<String> second = ConcurrentHashMap.newKeySet();
        new Harness(recording(first), s -> { }, e -> { }).request(EMAIL);
        new Harness(recording(second), s -> s.secret("another-secret-another-secret-0123456789"), e -> { }).request(EMAIL);

        assertThat(first).doesNotContainAnyElementsOf(second);
    }

    private static Harness.Stores recording(Set<String> keys) {
        Harness.Stores memory = Harness.Stores.inMemory();
        ThrottleStore inner = new InMemoryThrottleStore();
        ThrottleStore throttles = new ThrottleStore() {
            @Override
            public ThrottleDecision hit(String key, Rate rate, Instant now) {
                keys.add(key);
                return inner.hit(key, rate, now);
            }

            @Override
            public ThrottleDecision check(String key, Rate rate, Instant now) {
                keys.add(key);
                return inner.check(key, rate, now);
            }

            @Override
            public void reset(String key) {
                keys.add(key);
                inner.reset(key);
            }

            @Override
            public int purgeExpired(Instant now) {
                return inner.purgeExpired(now);
            }
        };
        return new Harness.Stores(memory.challenges(), memory.users(), memory.outbox(), throttles, memory.transactions());
    }

    private static String sha256(String value) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    }
}
