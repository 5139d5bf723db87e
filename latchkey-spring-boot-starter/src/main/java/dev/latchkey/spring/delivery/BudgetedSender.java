package dev.latchkey.spring.delivery;

import dev.latchkey.core.config.InvalidSettingException;
import dev.latchkey.core.config.Rate;
import dev.latchkey.core.delivery.MessageSender;
import dev.latchkey.core.delivery.OutgoingMessage;
import dev.latchkey.core.delivery.SendResult;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.core.spi.ThrottleStore;
import dev.latchkey.core.throttle.ThrottleDecision;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * The count lives in the throttle store under one key per UTC day (SPEC §2 rule 20), so with a
 * shared store ({@code latchkey.throttle.backend=jdbc} or {@code redis}) every instance spends the
 * same budget.
 */
public final class BudgetedSender implements MessageSender {
    private static final Log LOG = LogFactory.getLog(BudgetedSender.class);
    private static final String KEY = "sms-budget:";

    private final MessageSender delegate;
    private final Rate budget;
    private final ThrottleStore counts;
    private final Clock clock;
    private LocalDate warnedOn = LocalDate.MIN;

    /**
     * A sender that hands at most {@code dailyBudget} messages a UTC day, as {@code clock} tells the
     * time and {@code counts} counts them, to {@code delegate}.
     *
     * @throws InvalidSettingException when {@code dailyBudget} is below 1
     */
    public BudgetedSender(MessageSender delegate, int dailyBudget, ThrottleStore counts, Clock clock) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.counts = Objects.requireNonNull(counts, "counts");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (dailyBudget < 1) {
            throw new InvalidSettingException(
                    "latchkey.sms.daily-budget must be at least 1, e.g. 1000 (was " + dailyBudget + ")");
        }
        // The key names the day, so a day's window never reaches into the next.
        this.budget = new Rate(dailyBudget, Duration.ofDays(1));
    }

    @Override
    public Channel channel() {
        return delegate.channel();
    }

    @Override
    public SendResult send(OutgoingMessage message) {
        if (!spend()) {
            return new SendResult.Failed("daily SMS budget of " + budget.count() + " reached", false);
        }
        return delegate.send(message);
    }

    /** Takes one message from today's budget; false once it is spent. */
    private boolean spend() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (counts.hit(KEY + today, budget, now) instanceof ThrottleDecision.Allowed) {
            return true;
        }
        warnOnce(today);
        return false;
    }

    private synchronized void warnOnce(LocalDate today) {
        if (!today.equals(warnedOn)) {
            warnedOn = today;
            LOG.warn("daily SMS budget of " + budget.count() + " reached; text messages fail until 00:00 UTC"
                    + " (latchkey.sms.daily-budget). Many requests may mean SMS pumping.");
        }
    }
}
