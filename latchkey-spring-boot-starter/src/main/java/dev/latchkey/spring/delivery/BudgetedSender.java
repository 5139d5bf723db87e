package dev.latchkey.spring.delivery;

import dev.latchkey.core.config.InvalidSettingException;
import dev.latchkey.core.delivery.MessageSender;
import dev.latchkey.core.delivery.OutgoingMessage;
import dev.latchkey.core.delivery.SendResult;
import dev.latchkey.core.identity.Channel;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Caps how many messages reach another sender per UTC day, {@code latchkey.sms.daily-budget}: the
 * defence against SMS pumping, where bots request codes for premium numbers and the provider bills
 * every one. Over the budget a message fails at once, not retried, and a warning is logged once a day.
 *
 * <p>Every message handed to the delegate counts, whether it was sent or not: a provider may bill a
 * refused or timed-out attempt too, and an attacker should not gain attempts by provoking failures.
 * The count lives in this process, so each instance of a cluster has a budget of its own.
 */
public final class BudgetedSender implements MessageSender {
    private static final Log LOG = LogFactory.getLog(BudgetedSender.class);

    private final MessageSender delegate;
    private final int dailyBudget;
    private final Clock clock;
    private LocalDate day = LocalDate.MIN;
    private int used;
    private boolean warned;

    /**
     * A sender that hands at most {@code dailyBudget} messages a UTC day, as {@code clock} tells the
     * time, to {@code delegate}.
     *
     * @throws InvalidSettingException when {@code dailyBudget} is below 1
     */
    public BudgetedSender(MessageSender delegate, int dailyBudget, Clock clock) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (dailyBudget < 1) {
            throw new InvalidSettingException(
                    "latchkey.sms.daily-budget must be at least 1, e.g. 1000 (was " + dailyBudget + ")");
        }
        this.dailyBudget = dailyBudget;
    }

    @Override
    public Channel channel() {
        return delegate.channel();
    }

    @Override
    public SendResult send(OutgoingMessage message) {
        if (!spend()) {
            return new SendResult.Failed("daily SMS budget of " + dailyBudget + " reached", false);
        }
        return delegate.send(message);
    }

    /** Takes one message from today's budget; false once it is spent. */
    private synchronized boolean spend() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (!today.equals(day)) {
            day = today;
            used = 0;
            warned = false;
        }
        if (used < dailyBudget) {
            used++;
            return true;
        }
        if (!warned) {
            warned = true;
            LOG.warn("daily SMS budget of " + dailyBudget + " reached; text messages fail until 00:00 UTC"
                    + " (latchkey.sms.daily-budget). Many requests may mean SMS pumping.");
        }
        return false;
    }
}
