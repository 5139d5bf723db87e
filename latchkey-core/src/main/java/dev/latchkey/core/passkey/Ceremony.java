package dev.latchkey.core.passkey;

import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.secret.Digest;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A WebAuthn ceremony the JSON API started and a later call finishes (SPEC §10): single use, five
 * minutes. The client holds the ceremony id; only its digest is stored.
 *
 * @param idDigest digest of the ceremony id
 * @param purpose registration or authentication
 * @param userId the signed-in user who registers, or null for an authentication
 * @param optionsJson the options sent to the client, as JSON, holding the challenge to verify against
 * @param expiresAt when it can no longer be finished
 */
public record Ceremony(Digest idDigest, Purpose purpose, @Nullable UserId userId, String optionsJson, Instant expiresAt) {

    public Ceremony {
        Objects.requireNonNull(idDigest, "idDigest");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(optionsJson, "optionsJson");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (purpose == Purpose.REGISTRATION && userId == null) {
            throw new IllegalArgumentException("a registration ceremony belongs to a signed-in user");
        }
    }

    /** What a ceremony does. */
    public enum Purpose {
        REGISTRATION,
        AUTHENTICATION
    }
}
