package dev.latchkey.bench.load;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.HdrHistogram.Histogram;

/**
 * Runs a flow from a fixed number of client threads against one target, each thread one flow at a time,
 * until a deadline or a flow count is reached, whichever comes first.
 */
final class LoadRun implements AutoCloseable {
    private final String base;
    private final long targetPid;
    private final int concurrency;
    private final ExecutorService clients;
    private final HttpClient http;

    LoadRun(TargetProcess target, int concurrency) {
        this.base = target.base();
        this.targetPid = target.pid();
        this.concurrency = concurrency;
        this.clients = Executors.newFixedThreadPool(concurrency);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Runs {@code flow} for {@code duration} or {@code maxFlows} flows and returns what it measured. */
    Measurement run(String name, String target, Flow flow, Duration duration, long maxFlows) throws Exception {
        return run(name, target, flow, duration, maxFlows, () -> false);
    }

    /** Like {@link #run(String, String, Flow, Duration, long)}, ending early once {@code stop} says so. */
    Measurement run(String name, String target, Flow flow, Duration duration, long maxFlows, BooleanSupplier stop)
            throws Exception {
        AtomicLong started = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        CpuPerFlow.Sample cpuBefore = CpuPerFlow.Sample.take(targetPid);
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<Future<Map<String, Histogram>>> threads = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            threads.add(clients.submit(() -> {
                Map<String, Histogram> latencies = new HashMap<>();
                Steps steps = new Steps(http, base, latencies);
                while (System.nanoTime() < deadline && !stop.getAsBoolean() && started.incrementAndGet() <= maxFlows) {
                    try {
                        long flowStart = System.nanoTime();
                        flow.run(steps);
                        steps.record(Measurement.FLOW, System.nanoTime() - flowStart);
                    } catch (InterruptedException e) {
                        throw e;
                    } catch (Exception e) {
                        if (errors.getAndIncrement() < 5) {
                            System.err.println(name + ": flow failed: " + e);
                        }
                    }
                }
                return latencies;
            }));
        }
        Map<String, Histogram> merged = new HashMap<>();
        for (Future<Map<String, Histogram>> thread : threads) {
            thread.get().forEach((type, histogram) -> merged.computeIfAbsent(type, t -> new Histogram(3)).add(histogram));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long attempted = Math.min(started.get(), maxFlows);
        long flows = attempted - errors.get();
        CpuPerFlow cpu = CpuPerFlow.Sample.take(targetPid).perFlowSince(cpuBefore, flows);
        return new Measurement(name, target, concurrency, flows, errors.get(), seconds, merged, cpu, 0, "");
    }

    @Override
    public void close() {
        clients.shutdownNow();
    }
}
