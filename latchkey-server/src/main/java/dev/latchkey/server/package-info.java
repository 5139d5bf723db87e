/** The runnable Latchkey server: the starter plus embedded defaults, metrics, OpenAPI and a generated development secret. */
@NullMarked
package dev.latchkey.server;

import org.jspecify.annotations.NullMarked;
