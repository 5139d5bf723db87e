/** The Latchkey server as a load target. */
@NullMarked
package dev.latchkey.bench.targets.latchkey;

import org.jspecify.annotations.NullMarked;
