/**
 * Passkeys on Spring Security's WebAuthn support (SPEC §10): the relying party, and Spring's user
 * entity and credential repositories adapted onto core's {@code PasskeyStore}.
 */
@NullMarked
package dev.latchkey.spring.passkey;

import org.jspecify.annotations.NullMarked;
