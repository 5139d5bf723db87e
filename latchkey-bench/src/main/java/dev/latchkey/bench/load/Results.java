package dev.latchkey.bench.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Everything one driver run measured, written as {@code <out>.json} and a Markdown table beside it. */
final class Results {
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final List<Measurement> measurements = new ArrayList<>();
    private final Map<String, Double> ratios = new LinkedHashMap<>();
    private final Map<String, Integer> concurrency = new LinkedHashMap<>();
    private final Map<String, String> jdk = new LinkedHashMap<>();
    private final Map<String, Object> dbLimit = new LinkedHashMap<>();
    private final Map<String, Object> scale = new LinkedHashMap<>();
    private final Map<String, Object> smtp = new LinkedHashMap<>();
    private final Map<String, Object> memory = new LinkedHashMap<>();
    /** The headline's Latchkey measurements, by JDK name and concurrency. */
    private final Map<String, Map<Integer, Measurement>> latchkeyBySmtp = new LinkedHashMap<>();
    private final Map<Integer, Measurement> latchkeyPg = new LinkedHashMap<>();
    private final Map<Integer, Measurement> baselinePg = new LinkedHashMap<>();
    private int best;

    void add(Measurement measurement) {
        measurements.add(measurement);
    }

    /**
     * SPEC §8's headline: both targets mail their link over SMTP to the sink, on one JDK, at each concurrency:
     * throughput and flow p99 against the baseline on the same JDK.
     */
    void headline(Map<Integer, Measurement> latchkey, Map<Integer, Measurement> baseline) {
        latchkey.forEach((level, measured) -> {
            Measurement reference = baseline.get(level);
            latchkeyBySmtp.computeIfAbsent(measured.jdk(), j -> new LinkedHashMap<>()).put(level, measured);
            ratio("latchkey_pg_vs_baseline_pg_smtp", measured, throughput(measured, reference));
            ratio("flow_p99_vs_baseline_smtp", measured,
                    measured.p99Millis(Measurement.FLOW) / reference.p99Millis(Measurement.FLOW));
        });
    }

    /** The database-bound limit at each concurrency, against the headline's Latchkey on every JDK. */
    void dbLimit(List<DbLimit.Result> limits) {
        for (DbLimit.Result limit : limits) {
            dbLimit.put("flows_per_second_c" + limit.clients(), limit.flowsPerSecond());
            dbLimit.put("failed_c" + limit.clients(), limit.failed());
            dbLimit.put("postgres_cpu_ms_per_flow_c" + limit.clients(), limit.postgresCpuMillisPerFlow());
            latchkeyBySmtp.values().stream().map(byLevel -> byLevel.get(limit.clients()))
                    .filter(Objects::nonNull)
                    .forEach(measured -> ratio("latchkey_pg_vs_db_limit", measured,
                            measured.flowsPerSecond() / limit.flowsPerSecond()));
        }
        dbLimit.put("seconds_per_level", limits.isEmpty() ? null : limits.get(0).seconds());
        dbLimit.put("script", "latchkey-bench/src/main/resources/pgbench/latchkey-flow.sql (5 round trips, 4 commits)");
    }

    /** Latchkey with the token handed over in-process; {@code bestLevel} is where scale, H2 and mail run. */
    void latchkeyPg(Map<Integer, Measurement> byLevel, int bestLevel) {
        latchkeyPg.putAll(byLevel);
        best = bestLevel;
    }

    void latchkeyH2(Measurement measurement) {
        ratio("latchkey_h2_vs_latchkey_pg", measurement, throughput(measurement, latchkeyPg.get(best)));
    }

    /** The in-process baseline: SPEC §8's second throughput ratio, at each concurrency. */
    void baseline(Measurement measurement) {
        baselinePg.put(measurement.concurrency(), measurement);
        Measurement latchkey = latchkeyPg.get(measurement.concurrency());
        ratio("latchkey_pg_vs_baseline_pg", latchkey, throughput(latchkey, measurement));
    }

    void ceiling(Measurement measurement) {
        Measurement latchkey = latchkeyPg.get(measurement.concurrency());
        ratio("latchkey_pg_vs_ceiling", latchkey, throughput(latchkey, measurement));
    }

    void scale(Measurement loaded, Measurement duringPurge, double loadSeconds, long expiredAfterMeasurement,
               LoadDriver.PurgeWatch purge) {
        ratio("rows_1e6_vs_empty", loaded, throughput(loaded, latchkeyPg.get(best)));
        scale.put("expired_challenges_loaded", 1_000_000);
        scale.put("users_loaded", 100_000);
        scale.put("load_seconds", loadSeconds);
        scale.put("expired_challenges_after_measurement", expiredAfterMeasurement);
        scale.put("purge_seconds", purge.seconds() < 0 ? null : purge.seconds());
        scale.put("expired_challenges_left_after_watch", purge.remaining());
        scale.put("flows_per_second_during_purge", duringPurge.flowsPerSecond());
    }

    void slowMail(Measurement fast, Measurement slow, long fastDelivered, long slowDelivered) {
        ratio("smtp_slow_vs_fast_p99", slow, slow.p99Millis("request") / fast.p99Millis("request"));
        smtp.put("request_p99_ms_instant", fast.p99Millis("request"));
        smtp.put("request_p99_ms_2s", slow.p99Millis("request"));
        smtp.put("messages_delivered_instant", fastDelivered);
        smtp.put("messages_delivered_2s", slowDelivered);
    }

    void memory(long afterWarmUp, long afterRun, Measurement run, int goal, List<String> largestClasses) {
        memory.put("heap_used_after_warm_up_bytes", afterWarmUp);
        memory.put("heap_used_after_sign_ins_bytes", afterRun);
        memory.put("sign_ins", run.flows());
        memory.put("sign_ins_goal", goal);
        memory.put("seconds", run.seconds());
        memory.put("gc", "SerialGC, System.gc() before each reading");
        memory.put("largest_classes_after_sign_ins", largestClasses);
    }

    /**
     * Records {@code value} under {@code ratio} suffixed with the concurrency and JDK of {@code measured}, e.g.
     * {@code latchkey_pg_vs_baseline_pg_smtp_c8_jdk25}, and the two in {@code concurrency} and {@code jdk}.
     */
    private void ratio(String ratio, Measurement measured, double value) {
        String key = ratio + "_c" + measured.concurrency() + "_" + measured.jdk();
        ratios.put(key, value);
        concurrency.put(key, measured.concurrency());
        jdk.put(key, measured.jdk());
    }

    private static double throughput(Measurement measured, Measurement reference) {
        return measured.flowsPerSecond() / reference.flowsPerSecond();
    }

    void write(Path jmh, Path out) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ratios", ratios);
        json.put("concurrency", concurrency);
        json.put("jdk", jdk);
        json.put("scenarios", measurements.stream().map(Measurement::toJson).toList());
        json.put("db_limit", dbLimit);
        json.put("scale", scale);
        json.put("smtp", smtp);
        json.put("memory", memory);
        json.put("jmh", jmh(jmh));
        json.put("machine", machine());
        Files.writeString(Path.of(out + ".json"), JSON.writeValueAsString(json));
        Files.writeString(Path.of(out + ".md"), ResultsMarkdown.render(json, measurements));
    }

    private static List<Map<String, Object>> jmh(Path file) {
        List<Map<String, Object>> benchmarks = new ArrayList<>();
        if (!Files.exists(file)) {
            return benchmarks;
        }
        for (JsonNode benchmark : JSON.readTree(file.toFile())) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("benchmark", benchmark.path("benchmark").asString());
            row.put("score", benchmark.path("primaryMetric").path("score").asDouble());
            row.put("unit", benchmark.path("primaryMetric").path("scoreUnit").asString());
            JsonNode allocation = benchmark.path("secondaryMetrics").path("gc.alloc.rate.norm");
            if (!allocation.isMissingNode()) {
                row.put("gc.alloc.rate.norm", allocation.path("score").asDouble());
            }
            benchmarks.add(row);
        }
        return benchmarks;
    }

    private static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("memory_bytes", ((com.sun.management.OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean()).getTotalMemorySize());
        machine.put("date", Instant.now().toString());
        machine.put("git_commit", gitCommit());
        return machine;
    }

    private static String gitCommit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            String commit = new String(git.getInputStream().readAllBytes()).trim();
            return git.waitFor() == 0 ? commit : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
