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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Everything one driver run measured, written as {@code <out>.json} and a Markdown table beside it. */
final class Results {
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final List<Measurement> measurements = new ArrayList<>();
    private final Map<String, Double> ratios = new LinkedHashMap<>();
    private final Map<String, Integer> concurrency = new LinkedHashMap<>();
    private final Map<String, Map<String, Double>> ratiosByConcurrency = new LinkedHashMap<>();
    private final Map<String, Object> scale = new LinkedHashMap<>();
    private final Map<String, Object> smtp = new LinkedHashMap<>();
    private final Map<String, Object> memory = new LinkedHashMap<>();
    private final Map<Integer, Measurement> latchkeyPg = new LinkedHashMap<>();
    private final Map<Integer, Measurement> baselinePg = new LinkedHashMap<>();
    private final Map<Integer, Measurement> ceilings = new LinkedHashMap<>();
    private int best;
    private Measurement latchkeyH2;

    void add(Measurement measurement) {
        measurements.add(measurement);
    }

    void latchkeyPg(Map<Integer, Measurement> byLevel, int bestLevel) {
        latchkeyPg.putAll(byLevel);
        best = bestLevel;
    }

    void latchkeyH2(Measurement measurement) {
        latchkeyH2 = measurement;
    }

    void baseline(Measurement measurement) {
        baselinePg.put(measurement.concurrency(), measurement);
    }

    /** The ceiling comes after the baseline, so the three throughput ratios are complete here. */
    void ceiling(Measurement measurement) {
        ceilings.put(measurement.concurrency(), measurement);
        int level = measurement.concurrency();
        Map<String, Double> atLevel = ratiosByConcurrency.computeIfAbsent(String.valueOf(level), l -> new LinkedHashMap<>());
        atLevel.put("latchkey_pg_vs_baseline_pg", throughput(latchkeyPg.get(level), baselinePg.get(level)));
        atLevel.put("latchkey_pg_vs_ceiling", throughput(latchkeyPg.get(level), measurement));
        if (level == best) {
            ratio("latchkey_pg_vs_baseline_pg", atLevel.get("latchkey_pg_vs_baseline_pg"));
            ratio("latchkey_pg_vs_ceiling", atLevel.get("latchkey_pg_vs_ceiling"));
            ratio("latchkey_h2_vs_baseline_pg", throughput(latchkeyH2, baselinePg.get(level)));
        }
    }

    void scale(Measurement loaded, Measurement duringPurge, double loadSeconds, long expiredAfterMeasurement,
               LoadDriver.PurgeWatch purge) {
        ratio("rows_1e6_vs_empty", throughput(loaded, latchkeyPg.get(best)));
        scale.put("expired_challenges_loaded", 1_000_000);
        scale.put("users_loaded", 100_000);
        scale.put("load_seconds", loadSeconds);
        scale.put("expired_challenges_after_measurement", expiredAfterMeasurement);
        scale.put("purge_seconds", purge.seconds() < 0 ? null : purge.seconds());
        scale.put("expired_challenges_left_after_watch", purge.remaining());
        scale.put("flows_per_second_during_purge", duringPurge.flowsPerSecond());
    }

    void slowMail(Measurement fast, Measurement slow, long fastDelivered, long slowDelivered) {
        ratio("smtp_slow_vs_fast_p99", slow.p99Millis("request") / fast.p99Millis("request"));
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

    private void ratio(String key, double value) {
        ratios.put(key, value);
        concurrency.put(key, best);
    }

    private static double throughput(Measurement measured, Measurement reference) {
        return measured.flowsPerSecond() / reference.flowsPerSecond();
    }

    void write(Path jmh, Path out) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ratios", ratios);
        json.put("concurrency", concurrency);
        json.put("ratios_by_concurrency", ratiosByConcurrency);
        json.put("scenarios", measurements.stream().map(Measurement::toJson).toList());
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
