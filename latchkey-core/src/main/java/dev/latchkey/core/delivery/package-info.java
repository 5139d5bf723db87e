/** The durable outbox and the worker that mints secrets at send time and hands messages to senders. */
@NullMarked
package dev.latchkey.core.delivery;

import org.jspecify.annotations.NullMarked;
