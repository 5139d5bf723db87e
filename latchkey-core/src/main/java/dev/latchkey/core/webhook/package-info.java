/**
 * Webhooks (SPEC §13): audit events queued in the delivery outbox, one entry per receiver, and
 * posted signed the Standard Webhooks way by the delivery worker.
 */
@NullMarked
package dev.latchkey.core.webhook;

import org.jspecify.annotations.NullMarked;
