/** In-memory stores for tests, embedding and single-process use. */
@NullMarked
package dev.latchkey.core.memory;

import org.jspecify.annotations.NullMarked;
