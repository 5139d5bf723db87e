package dev.latchkey.spring.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import dev.latchkey.core.memory.InMemorySigningKeyStore;
import dev.latchkey.core.session.SigningKey;
import dev.latchkey.core.spi.SigningKeyStore;
import dev.latchkey.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SigningKeysTest {
    private static final Duration ROTATION = Duration.ofDays(30);

    private final MutableClock clock = MutableClock.at("2030-01-01T09:00:00Z");

    /** The in-memory store, whose reads wait at {@link #hold} once a test closes the gate. */
    private static final class GatedStore implements SigningKeyStore {
        final InMemorySigningKeyStore keys = new InMemorySigningKeyStore();
        final CountDownLatch reading = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean hold;

        @Override
        public List<SigningKey> findAll() {
            if (hold) {
                reading.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return keys.findAll();
        }

        @Override
        public boolean insert(SigningKey key) {
            return keys.insert(key);
        }

        @Override
        public void replaceJwk(String kid, String jwk) {
            keys.replaceJwk(kid, jwk);
        }

        @Override
        public void retire(String kid, Instant at) {
            keys.retire(kid, at);
        }

        @Override
        public int deleteRetiredBefore(Instant before) {
            return keys.deleteRetiredBefore(before);
        }
    }

    @Test
    void currentWhenAnotherThreadReloadsThenTheKeyReadLastSignsWithoutWaiting() throws Exception {
        GatedStore store = new GatedStore();
        SigningKeys keys = new SigningKeys(store, clock, ROTATION, Duration.ofMinutes(15));
        ECKey first = keys.current();
        clock.advance(Duration.ofMinutes(2));
        store.hold = true;

        CompletableFuture<ECKey> reloading = CompletableFuture.supplyAsync(keys::current);
        assertThat(store.reading.await(10, TimeUnit.SECONDS)).isTrue();
        // Bounded well below the gate's own 10 s, so a current() that waits for the reload fails here.
        ECKey meanwhile = CompletableFuture.supplyAsync(keys::current).get(5, TimeUnit.SECONDS);
        store.release.countDown();

        assertThat(meanwhile.getKeyID()).isEqualTo(first.getKeyID());
        assertThat(reloading.get(10, TimeUnit.SECONDS).getKeyID()).isEqualTo(first.getKeyID());
    }

    @Test
    void currentWhenKeyOlderThanRotationThenNewKeySignsAndOldStaysPublished() {
        InMemorySigningKeyStore store = new InMemorySigningKeyStore();
        SigningKeys keys = new SigningKeys(store, clock, ROTATION, Duration.ofMinutes(15));
        ECKey old = keys.current();

        clock.advance(ROTATION);
        ECKey fresh = keys.current();

        assertThat(fresh.getKeyID()).isNotEqualTo(old.getKeyID());
        assertThat(keys.current().getKeyID()).isEqualTo(fresh.getKeyID());
        assertThat(keys.publicKeys().getKeys()).extracting(JWK::getKeyID)
                .containsExactlyInAnyOrder(old.getKeyID(), fresh.getKeyID());
    }
}
