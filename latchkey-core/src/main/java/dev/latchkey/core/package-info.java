/** Latchkey's engine: request a sign-in, redeem it, deliver its message. Start at {@link dev.latchkey.core.Latchkey}. */
@NullMarked
package dev.latchkey.core;

import org.jspecify.annotations.NullMarked;
