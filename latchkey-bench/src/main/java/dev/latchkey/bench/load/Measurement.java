package dev.latchkey.bench.load;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * One measured phase against one target.
 *
 * @param name scenario, e.g. {@code latchkey-pg}
 * @param target the target's main class, simple name
 * @param concurrency client threads
 * @param flows flows that completed as expected
 * @param errors flows that failed: a wrong status, a timeout, no token
 * @param seconds length of the phase
 * @param latencies per request type, in nanoseconds
 * @param cpu CPU time per flow of the target, PostgreSQL and the driver during the phase
 * @param warmUpSeconds load the same process had just before, with the same flow, to let the JIT settle
 * @param jdk the target JVM's JDK, e.g. {@code jdk17}; empty for a measurement without a target JVM
 */
record Measurement(String name, String target, int concurrency, long flows, long errors, double seconds,
                   Map<String, Histogram> latencies, CpuPerFlow cpu, double warmUpSeconds, String jdk) {

    /** More than this share of failed flows makes a scenario suspect. */
    static final double ERROR_LIMIT = 0.01;
    /** The latency type of one whole flow, from its first request to its last answer; successful flows only. */
    static final String FLOW = "flow";

    Measurement afterWarmUp(double warmUp) {
        return new Measurement(name, target, concurrency, flows, errors, seconds, latencies, cpu, warmUp, jdk);
    }

    Measurement on(Jdk targetJdk) {
        return new Measurement(name, target, concurrency, flows, errors, seconds, latencies, cpu, warmUpSeconds,
                targetJdk.name());
    }

    double flowsPerSecond() {
        return flows / seconds;
    }

    double errorRate() {
        return flows + errors == 0 ? 1 : (double) errors / (flows + errors);
    }

    double p99Millis(String type) {
        return millis(latencies.get(type), 99);
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("target", target);
        json.put("concurrency", concurrency);
        json.put("jdk", jdk);
        json.put("flows", flows);
        json.put("seconds", seconds);
        json.put("flows_per_second", flowsPerSecond());
        json.put("errors", errors);
        json.put("error_rate", errorRate());
        json.put("warm_up_seconds", warmUpSeconds);
        Map<String, Object> types = new TreeMap<>();
        latencies.forEach((type, histogram) -> types.put(type, Map.of("p50_ms", millis(histogram, 50),
                "p95_ms", millis(histogram, 95), "p99_ms", millis(histogram, 99), "count", histogram.getTotalCount())));
        json.put("latency", types);
        json.put("cpu_ms_per_flow", Map.of("target", cpu.targetMillis(), "postgres", cpu.postgresMillis(),
                "driver", cpu.driverMillis()));
        return json;
    }

    /** p50 / p95 / p99 of one request type in ms, e.g. {@code 1.2 / 3.4 / 8.9}. */
    String latency(String type) {
        Histogram histogram = latencies.get(type);
        return String.format(Locale.ROOT, "%.1f / %.1f / %.1f", millis(histogram, 50), millis(histogram, 95),
                millis(histogram, 99));
    }

    String latencySummary() {
        StringBuilder summary = new StringBuilder();
        new TreeMap<>(latencies).keySet().forEach(type -> summary.append(summary.length() == 0 ? "" : "; ")
                .append(type).append(' ').append(latency(type)));
        return summary.toString();
    }

    private static double millis(Histogram histogram, double percentile) {
        return histogram == null ? Double.NaN : histogram.getValueAtPercentile(percentile) / 1e6;
    }
}
