/** Application hooks that may veto a sign-in. */
@NullMarked
package dev.latchkey.core.policy;

import org.jspecify.annotations.NullMarked;
