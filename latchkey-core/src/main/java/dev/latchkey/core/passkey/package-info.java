/**
 * Passkeys (SPEC §10): the credentials a user registered after a link or code proved the address,
 * the random user handle that names the user to authenticators, and the short-lived ceremonies of
 * the JSON API.
 */
@NullMarked
package dev.latchkey.core.passkey;

import org.jspecify.annotations.NullMarked;
