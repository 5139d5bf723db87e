package dev.latchkey.spring.delivery;

import dev.latchkey.core.delivery.MessageSender;
import dev.latchkey.core.delivery.OutgoingMessage;
import dev.latchkey.core.delivery.SendResult;
import dev.latchkey.core.identity.Channel;
import java.util.Objects;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs that a message would have been sent, and to whom (masked), instead of sending it. The body,
 * link, code and even the subject stay out of the log: a custom template may put the code in the
 * subject. Use {@code mail.transport=dev-mailbox} to read messages during development.
 */
public final class LogMessageSender implements MessageSender {
    private static final Log LOG = LogFactory.getLog(LogMessageSender.class);

    private final Channel channel;
    private final String setting;

    /** A sender for {@code channel} that only logs. */
    public LogMessageSender(Channel channel) {
        this.channel = Objects.requireNonNull(channel, "channel");
        this.setting = channel == Channel.EMAIL ? "latchkey.mail.transport=log" : "latchkey.sms.provider=log";
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public SendResult send(OutgoingMessage message) {
        LOG.info("sign-in message to " + message.recipient().masked() + " withheld from the log (" + setting + ")");
        return new SendResult.Sent();
    }
}
