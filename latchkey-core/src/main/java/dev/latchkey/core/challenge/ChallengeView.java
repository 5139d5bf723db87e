package dev.latchkey.core.challenge;

import dev.latchkey.core.identity.Identifier;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What the link confirmation page may show about a challenge: the account it is for and where the
 * request came from. Holds no secret.
 *
 * @param requestId public id
 * @param identifier the account's email or phone
 * @param requester IP and user agent of the request
 * @param browserFamily e.g. {@code Firefox on Linux}
 * @param requestedAt when the request was made
 * @param expiresAt when the link stops working
 * @param sameBrowser whether the browser looking holds the binding secret of the request
 * @param problem why the link cannot be used any more, or {@code null} when it can
 */
public record ChallengeView(RequestId requestId, Identifier identifier, RequesterContext requester, String browserFamily,
                            Instant requestedAt, Instant expiresAt, boolean sameBrowser,
                            @Nullable RedemptionOutcome problem) {
}
