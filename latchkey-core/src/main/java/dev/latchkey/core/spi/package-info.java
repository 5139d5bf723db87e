/** Storage interfaces that adapters implement: challenges, users, throttles, outbox, audit, transactions. */
@NullMarked
package dev.latchkey.core.spi;

import org.jspecify.annotations.NullMarked;
