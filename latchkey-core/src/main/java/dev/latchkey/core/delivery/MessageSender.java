package dev.latchkey.core.delivery;

import dev.latchkey.core.identity.Channel;

/**
 * Hands a message to a provider for one channel (SMTP, an SMS API…). Called by the
 * {@link DeliveryWorker}, never on a request thread. A thrown exception counts as a retryable failure.
 */
public interface MessageSender {

    Channel channel();

    SendResult send(OutgoingMessage message);
}
