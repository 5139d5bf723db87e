package dev.latchkey.core.testing;

import dev.latchkey.core.delivery.MessageSender;
import dev.latchkey.core.delivery.OutgoingMessage;
import dev.latchkey.core.delivery.SendResult;
import dev.latchkey.core.identity.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sender that records every message handed to it, including those it then fails, so tests can
 * prove that the secrets of failed tries do not work.
 */
public final class RecordingSender implements MessageSender {
    private final Channel channel;
    private final List<OutgoingMessage> attempted = new ArrayList<>();
    private final List<OutgoingMessage> delivered = new ArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile boolean alwaysFail;

    public RecordingSender(Channel channel) {
        this.channel = channel;
    }

    /** The next {@code count} sends fail with a retryable error. */
    public void failNext(int count) {
        failuresLeft.set(count);
    }

    public void failAlways(boolean value) {
        alwaysFail = value;
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public synchronized SendResult send(OutgoingMessage message) {
        attempted.add(message);
        if (alwaysFail || failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return new SendResult.Failed("test failure", true);
        }
        delivered.add(message);
        return new SendResult.Sent();
    }

    public synchronized List<OutgoingMessage> attempted() {
        return List.copyOf(attempted);
    }

    public synchronized List<OutgoingMessage> delivered() {
        return List.copyOf(delivered);
    }

    public synchronized SentMessage last() {
        if (delivered.isEmpty()) {
            throw new AssertionError("no message was delivered");
        }
        return SentMessage.parse(delivered.get(delivered.size() - 1));
    }
}
