/** Who signs in: identifiers (email, phone), their normalisation, and users. */
@NullMarked
package dev.latchkey.core.identity;

import org.jspecify.annotations.NullMarked;
