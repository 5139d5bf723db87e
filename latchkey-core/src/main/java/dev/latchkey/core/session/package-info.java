/** API sessions: a refresh-token family per sign-in, rotating tokens, and the keys that sign access tokens. */
@NullMarked
package dev.latchkey.core.session;

import org.jspecify.annotations.NullMarked;
