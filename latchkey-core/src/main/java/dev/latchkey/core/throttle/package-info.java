/** Rate limits per identifier and per IP, counted in windows that open at the first hit. */
@NullMarked
package dev.latchkey.core.throttle;

import org.jspecify.annotations.NullMarked;
