package dev.latchkey.core.spi;

import dev.latchkey.core.session.SigningKey;
import java.time.Instant;
import java.util.List;

/** Keys that sign access tokens, shared by every instance so any of them can verify what another signed. */
public interface SigningKeyStore {

    /** Every key, newest first. */
    List<SigningKey> findAll();

    /** Adds a key unless one with its {@code kid} exists. Returns whether it was added. */
    boolean insert(SigningKey key);

    /** Replaces the stored form of a key's JWK with another form of the same key, e.g. re-encrypted. */
    void replaceJwk(String kid, String jwk);

    /** Stops a key from signing; it stays published so tokens it signed still verify. */
    void retire(String kid, Instant at);

    /** Deletes keys retired before {@code before}. Returns how many. */
    int deleteRetiredBefore(Instant before);
}
