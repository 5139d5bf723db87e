package dev.latchkey.core.oidc;

import java.util.Objects;

/**
 * A grant found by a digest.
 *
 * @param grant the grant
 * @param retired whether the digest was a refresh token the grant has since replaced: its reuse
 */
public record OidcGrantMatch(OidcGrant grant, boolean retired) {

    public OidcGrantMatch {
        Objects.requireNonNull(grant, "grant");
    }
}
