package dev.latchkey.spring.delivery;

import static dev.latchkey.spring.delivery.Messages.ADA_PHONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.config.InvalidSettingException;
import dev.latchkey.core.delivery.MessageSender;
import dev.latchkey.core.delivery.OutgoingMessage;
import dev.latchkey.core.delivery.SendResult;
import dev.latchkey.core.identity.Channel;
import dev.latchkey.core.memory.InMemoryThrottleStore;
import dev.latchkey.core.testing.MutableClock;
import dev.latchkey.jdbc.JdbcThrottleStore;
import dev.latchkey.jdbc.JdbcTransactions;
import dev.latchkey.jdbc.LatchkeySchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class BudgetedSenderTest {
    private static final OutgoingMessage SMS = new OutgoingMessage(ADA_PHONE, null, "Your Latchkey code is 482915.", null);
    private static final SendResult.Failed SPENT = new SendResult.Failed("daily SMS budget of 3 reached", false);

    private final MutableClock clock = MutableClock.at("2030-01-01T23:59:00Z");
    private final CountingSender provider = new CountingSender(new SendResult.Sent());

    @Test
    void sendWhenWithinBudgetThenDelegates() {
        BudgetedSender sender = new BudgetedSender(provider, 3, new InMemoryThrottleStore(), clock);

        assertThat(List.of(sender.send(SMS), sender.send(SMS), sender.send(SMS))).containsOnly(new SendResult.Sent());
        assertThat(provider.calls.get()).isEqualTo(3);
    }

    @Test
    void sendWhenBudgetSpentThenFailsWithoutCallingDelegate() {
        BudgetedSender sender = new BudgetedSender(provider, 3, new InMemoryThrottleStore(), clock);
        sendTimes(sender, 3);

        assertThat(sender.send(SMS)).isEqualTo(SPENT);
        assertThat(sender.send(SMS)).isEqualTo(SPENT);
        assertThat(provider.calls.get()).isEqualTo(3);
    }

    @Test
    void sendWhenDelegateFailsThenTheAttemptStillCounts() {
        CountingSender failing = new CountingSender(new SendResult.Failed("twilio 500", true));
        BudgetedSender sender = new BudgetedSender(failing, 3, new InMemoryThrottleStore(), clock);
        sendTimes(sender, 3);

        assertThat(sender.send(SMS)).isEqualTo(SPENT);
        assertThat(failing.calls.get()).isEqualTo(3);
    }

    @Test
    void sendWhenNextUtcDayStartsThenBudgetResets() {
        BudgetedSender sender = new BudgetedSender(provider, 3, new InMemoryThrottleStore(), clock);
        sendTimes(sender, 3);
        clock.advance(Duration.ofSeconds(59));
        assertThat(sender.send(SMS)).isEqualTo(SPENT);

        clock.advance(Duration.ofSeconds(1));

        assertThat(sender.send(SMS)).isEqualTo(new SendResult.Sent());
        assertThat(provider.calls.get()).isEqualTo(4);
    }

    @Test
    void sendWhenOverBudgetThenWarnsOncePerDay(CapturedOutput output) {
        BudgetedSender sender = new BudgetedSender(provider, 3, new InMemoryThrottleStore(), clock);
        String warning = "daily SMS budget of 3 reached; text messages fail until 00:00 UTC (latchkey.sms.daily-budget)";
        sendTimes(sender, 6);
        assertThat(occurrences(output.getAll(), warning)).isEqualTo(1);

        clock.advance(Duration.ofDays(1));
        sendTimes(sender, 6);

        assertThat(occurrences(output.getAll(), warning)).isEqualTo(2);
        assertThat(output.getAll()).doesNotContain("482915");
    }

    @Test
    void sendWhenFiftyThreadsRaceThenExactlyTheBudgetReachesTheDelegate() throws Exception {
        BudgetedSender sender = new BudgetedSender(provider, 10, new InMemoryThrottleStore(), clock);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<SendResult>> results = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return sender.send(SMS);
                }));
            }
            start.countDown();
            int sent = 0;
            for (Future<SendResult> result : results) {
                if (result.get(10, TimeUnit.SECONDS) instanceof SendResult.Sent) {
                    sent++;
                }
            }
            assertThat(sent).isEqualTo(10);
            assertThat(provider.calls.get()).isEqualTo(10);
        } finally {
            pool.shutdownNow();
        }
    }

    /** SPEC §2 rule 20: two instances counting in one database together send no more than the budget. */
    @Test
    void sendWhenTwoInstancesShareOneDatabaseThenTogetherTheySendAtMostTheBudget() throws Exception {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:sms-budget-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        LatchkeySchema.migrate(database);
        List<BudgetedSender> instances = List.of(
                new BudgetedSender(provider, 7, new JdbcThrottleStore(new JdbcTransactions(database)), clock),
                new BudgetedSender(provider, 7, new JdbcThrottleStore(new JdbcTransactions(database)), clock));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> sent = new ArrayList<>();
            for (BudgetedSender instance : instances) {
                sent.add(pool.submit(() -> {
                    int count = 0;
                    for (int i = 0; i < 10; i++) {
                        count += instance.send(SMS) instanceof SendResult.Sent ? 1 : 0;
                    }
                    return count;
                }));
            }
            assertThat(sent.get(0).get(10, TimeUnit.SECONDS) + sent.get(1).get(10, TimeUnit.SECONDS)).isEqualTo(7);
            assertThat(provider.calls.get()).isEqualTo(7);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void channelIsTheDelegates() {
        assertThat(new BudgetedSender(provider, 1, new InMemoryThrottleStore(), clock).channel()).isEqualTo(Channel.SMS);
    }

    @Test
    void constructorWhenBudgetBelowOneThenNamesTheSetting() {
        assertThatThrownBy(() -> new BudgetedSender(provider, 0, new InMemoryThrottleStore(), clock))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("latchkey.sms.daily-budget must be at least 1, e.g. 1000 (was 0)");
    }

    private static void sendTimes(BudgetedSender sender, int times) {
        for (int i = 0; i < times; i++) {
            sender.send(SMS);
        }
    }

    private static int occurrences(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    /** An SMS sender that answers {@code result} and counts its calls. */
    private static final class CountingSender implements MessageSender {
        final AtomicInteger calls = new AtomicInteger();
        private final SendResult result;

        CountingSender(SendResult result) {
            this.result = result;
        }

        @Override
        public Channel channel() {
            return Channel.SMS;
        }

        @Override
        public SendResult send(OutgoingMessage message) {
            calls.incrementAndGet();
            return result;
        }
    }
}
