/** A sign-in request and what its redemption decided. */
@NullMarked
package dev.latchkey.core.challenge;

import org.jspecify.annotations.NullMarked;
