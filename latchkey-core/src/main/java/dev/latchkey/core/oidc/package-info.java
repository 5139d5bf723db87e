/**
 * The OpenID Provider's records (SPEC §11) as stores keep them: registered clients, the grants
 * (authorizations) clients hold for a user with the digests of their codes and tokens, and consents.
 * Token values are never kept; a grant's payload is opaque to the engine.
 */
@NullMarked
package dev.latchkey.core.oidc;

import org.jspecify.annotations.NullMarked;
