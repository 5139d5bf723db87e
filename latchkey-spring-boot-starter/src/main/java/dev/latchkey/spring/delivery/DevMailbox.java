package dev.latchkey.spring.delivery;

import dev.latchkey.core.delivery.MessageSender;
import dev.latchkey.core.delivery.OutgoingMessage;
import dev.latchkey.core.delivery.SendResult;
import dev.latchkey.core.identity.Channel;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the messages sent during development in memory, newest first, so the {@code /dev/mailbox}
 * page can show them with working links. It holds live links and codes: use it only with
 * {@code mail.transport=dev-mailbox}, never in production. The oldest message goes once
 * {@code capacity} is reached.
 */
public final class DevMailbox {
    /** How many messages the mailbox keeps unless told otherwise. */
    public static final int DEFAULT_CAPACITY = 200;

    private final int capacity;
    private final Clock clock;
    private final Deque<Entry> entries = new ArrayDeque<>();

    /** A mailbox that keeps the newest {@code capacity} messages, stamped by the system clock. */
    public DevMailbox(int capacity) {
        this(capacity, Clock.systemUTC());
    }

    /** A mailbox that keeps the newest {@code capacity} messages, stamped by {@code clock}. */
    public DevMailbox(int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, e.g. " + DEFAULT_CAPACITY
                    + " (was " + capacity + ")");
        }
        this.capacity = capacity;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The messages held, newest first; a copy that later sends do not change. */
    public synchronized List<Entry> messages() {
        return List.copyOf(entries);
    }

    /** Forgets every message. */
    public synchronized void clear() {
        entries.clear();
    }

    /** A sender for {@code channel} whose every message lands in this mailbox. */
    public MessageSender senderFor(Channel channel) {
        Objects.requireNonNull(channel, "channel");
        return new MessageSender() {
            @Override
            public Channel channel() {
                return channel;
            }

            @Override
            public SendResult send(OutgoingMessage message) {
                record(new Entry(message.recipient().value(), message.subject(), message.text(), message.html(),
                        clock.instant(), channel));
                return new SendResult.Sent();
            }
        };
    }

    private synchronized void record(Entry entry) {
        entries.addFirst(entry);
        if (entries.size() > capacity) {
            entries.removeLast();
        }
    }

    /**
     * One delivered message. Its bodies hold a link and a code, so it never prints them.
     *
     * @param recipient the address or number it went to
     * @param subject the email subject, or null for SMS
     * @param text the plain-text body, the whole SMS
     * @param html the HTML body, or null
     * @param sentAt when the mailbox received it
     * @param channel email or SMS
     */
    public record Entry(String recipient, @Nullable String subject, String text, @Nullable String html,
                        Instant sentAt, Channel channel) {

        /** Checks that the required parts are present. */
        public Entry {
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(sentAt, "sentAt");
            Objects.requireNonNull(channel, "channel");
        }

        @Override
        public String toString() {
            return "Entry[" + channel.key() + " to " + recipient + " at " + sentAt + ", body=<redacted>]";
        }
    }
}
