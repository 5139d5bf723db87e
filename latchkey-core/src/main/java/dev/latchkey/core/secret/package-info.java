/** Link tokens, codes and their HMAC digests. Secret values never print themselves. */
@NullMarked
package dev.latchkey.core.secret;

import org.jspecify.annotations.NullMarked;
