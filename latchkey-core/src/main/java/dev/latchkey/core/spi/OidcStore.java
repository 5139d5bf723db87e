package dev.latchkey.core.spi;

import dev.latchkey.core.identity.UserId;
import dev.latchkey.core.oidc.OidcClient;
import dev.latchkey.core.oidc.OidcConsent;
import dev.latchkey.core.oidc.OidcGrant;
import dev.latchkey.core.oidc.OidcGrantMatch;
import dev.latchkey.core.secret.Digest;
import java.time.Instant;
import java.util.Optional;

/**
 * The OpenID Provider's state (SPEC §11), shared by every instance: registered clients, grants with
 * the digests of their codes and tokens, and consents. The engine's
 * {@link dev.latchkey.core.session.UserSessions} deletes a user's grants with the user's other
 * sessions (SPEC §2 rule 13).
 */
public interface OidcStore {

    /** Stores {@code client}, replacing the one with the same {@code clientId}. */
    void saveClient(OidcClient client);

    Optional<OidcClient> findClient(String id);

    Optional<OidcClient> findClientByClientId(String clientId);

    /**
     * Stores {@code grant}, replacing the one with the same id and its digests. A refresh digest the
     * replaced grant held and this one does not stays known as retired.
     */
    void saveGrant(OidcGrant grant);

    Optional<OidcGrant> findGrant(String id);

    /** The grant holding {@code digest} now, or having held it as a replaced refresh token. */
    Optional<OidcGrantMatch> findGrantByDigest(Digest digest);

    /** Deletes the grant and every digest it held; false when there was none. */
    boolean deleteGrant(String id);

    /** Deletes every grant of {@code user}. Returns how many. */
    int deleteGrants(UserId user);

    void saveConsent(OidcConsent consent);

    Optional<OidcConsent> findConsent(String clientId, UserId user);

    void deleteConsent(String clientId, UserId user);

    /** Deletes every consent {@code user} gave (SPEC §12 erasure); returns how many. */
    int deleteConsents(UserId user);

    /** Deletes at most {@code batchSize} grants that expired before {@code before}; see {@link BatchedPurge}. */
    int purgeExpired(Instant before, int batchSize);
}
