package dev.latchkey.spring.api;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.proc.SecurityContext;
import dev.latchkey.core.session.SigningKey;
import dev.latchkey.core.spi.SigningKeyStore;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The ES256 keys that sign access tokens, kept in the store so every instance signs and verifies
 * with the same ones. The newest key signs; a key older than {@code latchkey.tokens.key-rotation}
 * is replaced and stays published until the tokens it signed have expired.
 */
public final class SigningKeys {
    private static final Duration RELOAD = Duration.ofMinutes(1);

    private final SigningKeyStore store;
    private final Clock clock;
    private final Duration rotation;
    private final Duration publishRetired;
    /** Held while the keys are reloaded or rotated; signing never waits for it when the keys it has are usable. */
    private final ReentrantLock renewal = new ReentrantLock();
    private volatile Loaded loaded = new Loaded(List.of(), Instant.MIN);

    /** The keys read at {@code at}, and among them the one that signs (null when there is none). */
    private record Loaded(List<Parsed> keys, @Nullable Parsed signing, Instant at) {
        Loaded(List<Parsed> keys, Instant at) {
            this(keys, SigningKeys.signing(keys).orElse(null), at);
        }
    }

    private record Parsed(SigningKey stored, ECKey jwk) {}

    /**
     * @param rotation age at which a new key replaces the signing one
     * @param accessTtl lifetime of access tokens: how long a replaced key must stay published
     */
    public SigningKeys(SigningKeyStore store, Clock clock, Duration rotation, Duration accessTtl) {
        this.store = store;
        this.clock = clock;
        this.rotation = rotation;
        this.publishRetired = accessTtl.plus(RELOAD).plus(RELOAD);
    }

    /**
     * The key that signs now; makes and stores one when there is none or the newest is due for rotation.
     * Between reloads, and while another thread reloads, the key read last signs without waiting: an
     * exchange never queues behind the store.
     */
    public ECKey current() {
        Instant now = clock.instant();
        Loaded seen = loaded;
        Parsed signing = seen.signing();
        if (signing != null && signsAt(signing, now)
                && (!seen.at().plus(RELOAD).isBefore(now) || renewal.isLocked())) {
            return signing.jwk();
        }
        renewal.lock();
        try {
            return renew(now);
        } finally {
            renewal.unlock();
        }
    }

    private boolean signsAt(Parsed key, Instant now) {
        return key.stored().createdAt().plus(rotation).isAfter(now);
    }

    private ECKey renew(Instant now) {
        Optional<Parsed> signing = signing(keys(now));
        if (signing.isPresent() && signsAt(signing.get(), now)) {
            return signing.get().jwk();
        }
        ECKey fresh = generate();
        store.insert(new SigningKey(fresh.getKeyID(), fresh.toJSONString(), now, null));
        signing.ifPresent(old -> store.retire(old.stored().kid(), now));
        store.deleteRetiredBefore(now.minus(publishRetired));
        reload(now);
        return signing(loaded.keys()).map(Parsed::jwk).orElse(fresh);
    }

    /** The public halves of every published key, for {@code /.well-known/jwks.json}. */
    public JWKSet publicKeys() {
        current();
        List<JWK> keys = new ArrayList<>();
        for (Parsed key : keys(clock.instant())) {
            keys.add(key.jwk().toPublicJWK());
        }
        return new JWKSet(keys);
    }

    /** Public keys matching {@code selector}; reloads once when a token names a key this instance has not seen. */
    public List<JWK> select(JWKSelector selector, SecurityContext context) {
        Instant now = clock.instant();
        List<JWK> found = selector.select(publicSet(keys(now)));
        if (found.isEmpty()) {
            reload(now);
            found = selector.select(publicSet(loaded.keys()));
        }
        return found;
    }

    private List<Parsed> keys(Instant now) {
        Loaded current = loaded;
        if (current.at().plus(RELOAD).isBefore(now) || current.keys().isEmpty()) {
            reload(now);
        }
        return loaded.keys();
    }

    private void reload(Instant now) {
        List<Parsed> parsed = new ArrayList<>();
        for (SigningKey key : store.findAll()) {
            try {
                parsed.add(new Parsed(key, ECKey.parse(key.jwk())));
            } catch (ParseException e) {
                throw new IllegalStateException("signing key " + key.kid() + " in the store is not an EC JWK");
            }
        }
        loaded = new Loaded(List.copyOf(parsed), now);
    }

    private static Optional<Parsed> signing(List<Parsed> keys) {
        return keys.stream().filter(k -> k.stored().retiredAt() == null)
                .max((a, b) -> a.stored().createdAt().compareTo(b.stored().createdAt()));
    }

    private static JWKSet publicSet(List<Parsed> keys) {
        return new JWKSet(keys.stream().map(k -> (JWK) k.jwk().toPublicJWK()).toList());
    }

    private static ECKey generate() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("this JVM cannot make P-256 keys", e);
        }
    }
}
