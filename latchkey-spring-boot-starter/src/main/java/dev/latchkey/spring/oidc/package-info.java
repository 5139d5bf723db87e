/**
 * The OpenID Provider (SPEC §11) on Spring Security's authorization server: registered clients,
 * authorizations and consents kept in Latchkey's {@code OidcStore} (codes and tokens as digests
 * only), the claims of ID tokens, and the policy around refresh tokens and errors.
 */
@NullMarked
package dev.latchkey.spring.oidc;

import org.jspecify.annotations.NullMarked;
