/** The load driver: starts each target as its own process on loopback, drives sign-in flows, writes results. */
@NullMarked
package dev.latchkey.bench.load;

import org.jspecify.annotations.NullMarked;
