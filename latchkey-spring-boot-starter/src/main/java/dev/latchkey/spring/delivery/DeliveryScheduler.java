package dev.latchkey.spring.delivery;

import dev.latchkey.core.delivery.DeliveryWorker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the outbox {@link DeliveryWorker} every {@code pollInterval}, and at once when a request
 * queues a message ({@link #wake()}: the worker then claims exactly the entries this process's
 * requests handed it, without looking for due ones), plus the purge of expired challenges every
 * {@code purgeInterval}. Delivery has {@code threads} daemon threads ({@code latchkey-delivery-*}), and wakes
 * run on all of them at once: with two threads and one wake at a time, the bench saw mail wait 90 to 120 ms in
 * this process at 32 clients while a single SMTP conversation went on, and a mail server taking 2 s per
 * message held every other message back. The purge has its own thread ({@code latchkey-purge-1}), so
 * deleting many expired rows never holds up a message (the bench saw a purge of 10⁶ rows stall
 * delivery for 19 s when they shared one thread).
 *
 * <p>It starts before and stops after the web server, so messages queued by the last requests
 * still leave, and it stops before the application's beans, such as the DataSource, are destroyed.
 */
public final class DeliveryScheduler implements SmartLifecycle {
    private static final Log LOG = LogFactory.getLog(DeliveryScheduler.class);
    /** Below the web server's phases (Spring Boot uses {@code DEFAULT_PHASE - 1024} and {@code - 2048}). */
    private static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final DeliveryWorker worker;
    private final Duration pollInterval;
    private final int threads;
    private final Runnable purge;
    private final Duration purgeInterval;
    /** Wakes submitted and not yet started; at most {@link #threads}, since each takes every entry handed over by then. */
    private final AtomicInteger wakesQueued = new AtomicInteger();
    private volatile @Nullable ScheduledExecutorService executor;
    private volatile @Nullable ScheduledExecutorService purger;

    /**
     * A scheduler that drains {@code worker} every {@code pollInterval} on {@code threads} threads and runs
     * {@code purge} (usually {@code latchkey::purgeExpired}) every {@code purgeInterval}.
     */
    public DeliveryScheduler(DeliveryWorker worker, Duration pollInterval, int threads, Runnable purge,
                             Duration purgeInterval) {
        this.worker = Objects.requireNonNull(worker, "worker");
        this.pollInterval = positive(pollInterval, "pollInterval");
        if (threads < 1) {
            throw new IllegalArgumentException("latchkey.delivery.threads must be at least 1, e.g. 4 (was " + threads + ")");
        }
        this.threads = threads;
        this.purge = Objects.requireNonNull(purge, "purge");
        this.purgeInterval = positive(purgeInterval, "purgeInterval");
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        // Claims never overlap, so any number of wakes and drains may run side by side.
        ScheduledExecutorService started = Executors.newScheduledThreadPool(threads, daemon("latchkey-delivery"));
        // The first drain runs at once: entries left by a process that died are due now (SPEC §2 rule 17).
        started.scheduleWithFixedDelay(this::runDrain, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        // A purge of many rows takes seconds; on its own thread it never holds up a message.
        ScheduledExecutorService purging = Executors.newSingleThreadScheduledExecutor(daemon("latchkey-purge"));
        purging.scheduleWithFixedDelay(this::runPurge, purgeInterval.toMillis(), purgeInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        executor = started;
        purger = purging;
    }

    /**
     * Asks for delivery now, e.g. right after a request queued a message. Up to {@code threads} wakes wait
     * to start; one that arrives beyond them shares theirs. Before {@link #start()} and after {@link #stop()}
     * this does nothing.
     */
    public void wake() {
        ScheduledExecutorService current = executor;
        if (current == null || wakesQueued.getAndUpdate(n -> n < threads ? n + 1 : n) >= threads) {
            return;
        }
        try {
            current.execute(() -> {
                // Counted off before delivering, so a message queued meanwhile gets a wake of its own.
                wakesQueued.decrementAndGet();
                runLogged(worker::deliverHandedOver, "delivery");
            });
        } catch (RejectedExecutionException e) {
            wakesQueued.decrementAndGet();
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void stop() {
        ScheduledExecutorService stopping;
        ScheduledExecutorService purging;
        synchronized (this) {
            stopping = executor;
            purging = purger;
            executor = null;
            purger = null;
        }
        if (stopping == null) {
            return;
        }
        if (purging != null) {
            purging.shutdownNow();
        }
        stopping.shutdown();
        try {
            if (!stopping.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("latchkey-delivery did not finish within " + STOP_TIMEOUT.toSeconds()
                        + " s; interrupting it. Unsent messages stay in the outbox.");
                stopping.shutdownNow();
            }
        } catch (InterruptedException e) {
            stopping.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private void runDrain() {
        runLogged(worker::drain, "delivery");
    }

    private void runPurge() {
        runLogged(purge, "purge of expired challenges");
    }

    /** A periodic task that throws is never run again, so every failure is caught and logged here. */
    private static void runLogged(Runnable task, String name) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn(name + " failed: " + e.getClass().getName() + ": " + e.getMessage());
        }
    }

    private static Duration positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, e.g. 5s (was " + value + ")");
        }
        return value;
    }
}
