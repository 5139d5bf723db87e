package dev.latchkey.core.delivery;

import dev.latchkey.core.identity.Channel;
import java.util.ArrayList;
import java.util.List;

/**
 * Hands a message to a provider for one channel (SMTP, an SMS API…). Called by the
 * {@link DeliveryWorker}, never on a request thread. A thrown exception counts as a retryable failure.
 */
public interface MessageSender {

    Channel channel();

    SendResult send(OutgoingMessage message);

    /**
     * Sends a batch, e.g. over one connection, and answers one result per message, in order. A
     * message that fails fails alone: the others' results say whether they were sent. By default
     * each message is sent on its own, a thrown exception counting as a retryable failure of that
     * message only.
     */
    default List<SendResult> sendAll(List<OutgoingMessage> messages) {
        List<SendResult> results = new ArrayList<>(messages.size());
        for (OutgoingMessage message : messages) {
            try {
                results.add(send(message));
            } catch (RuntimeException e) {
                // The exception's message may quote the message body; only its type is kept.
                results.add(new SendResult.Failed(e.getClass().getSimpleName(), true));
            }
        }
        return results;
    }
}
