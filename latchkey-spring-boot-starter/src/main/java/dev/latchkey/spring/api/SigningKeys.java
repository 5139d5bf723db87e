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
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
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

/**
 * The keys that sign tokens, kept in the store so every instance signs and verifies with the same
 * ones: ES256 for access tokens and, for OpenID Connect clients that expect the protocol's default,
 * RS256 for ID tokens (made the first time one is needed). Per algorithm the newest key signs; a key
 * older than {@code latchkey.tokens.key-rotation} is replaced and stays published until the tokens it
 * signed have expired.
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

    private record Loaded(List<Parsed> keys, Instant at) {}

    private record Parsed(SigningKey stored, JWK jwk) {
        boolean signs(JWSAlgorithm algorithm) {
            // Keys stored before RS256 existed name no algorithm: they are ES256 keys.
            return algorithm.equals(jwk.getAlgorithm() == null ? JWSAlgorithm.ES256 : jwk.getAlgorithm());
        }
    }

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

    /** The ES256 key that signs access tokens now; see {@link #current(JWSAlgorithm)}. */
    public ECKey current() {
        return current(JWSAlgorithm.ES256).toECKey();
    }

    /**
     * The key that signs with {@code algorithm} ({@code ES256} or {@code RS256}) now; makes and stores one
     * when there is none or the newest is due for rotation. Between reloads, and while another thread
     * reloads, the key read last signs without waiting: an exchange never queues behind the store.
     */
    public JWK current(JWSAlgorithm algorithm) {
        Instant now = clock.instant();
        Loaded seen = loaded;
        Optional<Parsed> signing = signing(seen.keys(), algorithm);
        if (signing.isPresent() && signsAt(signing.get(), now)
                && (!seen.at().plus(RELOAD).isBefore(now) || renewal.isLocked())) {
            return signing.get().jwk();
        }
        renewal.lock();
        try {
            return renew(algorithm, now);
        } finally {
            renewal.unlock();
        }
    }

    private boolean signsAt(Parsed key, Instant now) {
        return key.stored().createdAt().plus(rotation).isAfter(now);
    }

    private JWK renew(JWSAlgorithm algorithm, Instant now) {
        Optional<Parsed> signing = signing(keys(now), algorithm);
        if (signing.isPresent() && signsAt(signing.get(), now)) {
            return signing.get().jwk();
        }
        JWK fresh = generate(algorithm);
        store.insert(new SigningKey(fresh.getKeyID(), fresh.toJSONString(), now, null));
        signing.ifPresent(old -> store.retire(old.stored().kid(), now));
        store.deleteRetiredBefore(now.minus(publishRetired));
        reload(now);
        return signing(loaded.keys(), algorithm).map(Parsed::jwk).orElse(fresh);
    }

    /** The keys that sign now, private parts included, one per algorithm in use; for a JWT encoder. */
    public List<JWK> signingKeys() {
        List<Parsed> keys = keys(clock.instant());
        return List.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256).stream()
                .flatMap(algorithm -> signing(keys, algorithm).stream()).map(Parsed::jwk).toList();
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
                parsed.add(new Parsed(key, JWK.parse(key.jwk())));
            } catch (ParseException e) {
                throw new IllegalStateException("signing key " + key.kid() + " in the store is not a JWK");
            }
        }
        loaded = new Loaded(List.copyOf(parsed), now);
    }

    private static Optional<Parsed> signing(List<Parsed> keys, JWSAlgorithm algorithm) {
        return keys.stream().filter(k -> k.stored().retiredAt() == null && k.signs(algorithm))
                .max((a, b) -> a.stored().createdAt().compareTo(b.stored().createdAt()));
    }

    private static JWKSet publicSet(List<Parsed> keys) {
        return new JWKSet(keys.stream().map(k -> (JWK) k.jwk().toPublicJWK()).toList());
    }

    private static JWK generate(JWSAlgorithm algorithm) {
        String kid = UUID.randomUUID().toString();
        try {
            if (JWSAlgorithm.RS256.equals(algorithm)) {
                return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(algorithm).generate();
            }
            if (JWSAlgorithm.ES256.equals(algorithm)) {
                return new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(algorithm).generate();
            }
        } catch (JOSEException e) {
            throw new IllegalStateException("this JVM cannot make " + algorithm + " keys", e);
        }
        throw new IllegalArgumentException("Latchkey signs with ES256 or RS256 (was " + algorithm + ")");
    }
}
