package dev.latchkey.core.oidc;

import dev.latchkey.core.identity.UserId;
import java.util.Objects;
import java.util.Set;

/**
 * What a user agreed a client may have, for clients that ask ({@code require-consent}).
 *
 * @param clientId the registration's id
 * @param user who agreed
 * @param authorities the scopes and authorities granted, e.g. {@code SCOPE_email}
 */
public record OidcConsent(String clientId, UserId user, Set<String> authorities) {

    public OidcConsent {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(user, "user");
        authorities = Set.copyOf(authorities);
    }
}
