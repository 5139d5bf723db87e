/** The JSON API of SPEC §5: request, exchange, refresh, logout, me, email change, and the JWKS. */
@NullMarked
package dev.latchkey.spring.api;

import org.jspecify.annotations.NullMarked;
