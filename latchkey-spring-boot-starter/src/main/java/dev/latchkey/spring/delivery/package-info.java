/**
 * Delivery for the starter: SMTP, Twilio, SMS webhook and log senders, the daily SMS budget, the
 * development mailbox, Thymeleaf message templates that applications can override, and the
 * scheduler that runs the outbox worker.
 */
@NullMarked
package dev.latchkey.spring.delivery;

import org.jspecify.annotations.NullMarked;
