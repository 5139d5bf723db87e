package dev.latchkey.core.spi;

import dev.latchkey.core.passkey.Ceremony;
import dev.latchkey.core.secret.Digest;
import java.time.Instant;
import java.util.Optional;

/** The JSON API's open WebAuthn ceremonies (SPEC §10), shared by every instance. */
public interface CeremonyStore {

    /** Stores a new ceremony. Throws {@link IllegalStateException} if its id digest is taken. */
    void save(Ceremony ceremony);

    /**
     * Removes the ceremony with this id digest and returns it if it had not expired at {@code now}:
     * one atomic step, so of two racing finishes only one gets it.
     */
    Optional<Ceremony> take(Digest idDigest, Instant now);

    /**
     * Deletes at most {@code batchSize} ceremonies that expired at or before {@code before}; returns how many.
     */
    int purgeExpired(Instant before, int batchSize);
}
