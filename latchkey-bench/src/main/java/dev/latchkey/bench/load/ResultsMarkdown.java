package dev.latchkey.bench.load;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleFunction;

/** The Markdown beside the JSON: targets with pass or miss, every scenario, and what each target does. */
final class ResultsMarkdown {
    private static final List<String> TYPES = List.of("request", "token", "exchange");

    private ResultsMarkdown() {
    }

    @SuppressWarnings("unchecked")
    static String render(Map<String, Object> json, List<Measurement> measurements) {
        Map<String, Double> ratios = (Map<String, Double>) json.get("ratios");
        Map<String, Integer> concurrency = (Map<String, Integer>) json.get("concurrency");
        Map<String, Object> machine = (Map<String, Object>) json.get("machine");
        StringBuilder md = new StringBuilder();
        md.append("# Latchkey load benchmark\n\n")
                .append(String.format("%s, commit `%s`, %s cores, %s, %s.%n%n", machine.get("date"),
                        machine.get("git_commit"), machine.get("cores"), machine.get("jvm"), machine.get("os")));
        md.append("## Targets (SPEC §8, issue 7)\n\n| ratio | value | concurrency | target | result |\n|---|---|---|---|---|\n");
        target(md, ratios, concurrency, "latchkey_pg_vs_baseline_pg", "≥ 1.0 (aim 1.5)",
                r -> r >= 1.5 ? "pass, aim met" : r >= 1.0 ? "pass" : "miss");
        target(md, ratios, concurrency, "latchkey_pg_vs_ceiling", "report", r -> "reported");
        target(md, ratios, concurrency, "latchkey_h2_vs_baseline_pg", "report", r -> "reported");
        target(md, ratios, concurrency, "rows_1e6_vs_empty", "≥ 0.9", r -> r >= 0.9 ? "pass" : "miss");
        target(md, ratios, concurrency, "smtp_slow_vs_fast_p99", "≤ 1.2", r -> r <= 1.2 ? "pass" : "miss");
        md.append("\nThroughput ratios at each concurrency level: `").append(json.get("ratios_by_concurrency"))
                .append("`.\n\n");
        md.append("## Scenarios\n\nLatency in ms, p50 / p95 / p99. \"token\" is the driver's wait for the captured"
                        + " token (one request that waits until the target hands it over), which includes the target's\n"
                        + "asynchronous delivery. \"warm-up\" is the load the same process had just before.\n\n")
                .append("| scenario | target | clients | warm-up s | flows | s | flows/s | errors | request | token | exchange"
                        + " | flag |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Measurement m : measurements) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %.0f | %d | %.1f | %.1f | %d |", m.name(),
                    m.target(), m.concurrency(), m.warmUpSeconds(), m.flows(), m.seconds(), m.flowsPerSecond(),
                    m.errors()));
            for (String type : TYPES) {
                md.append(' ').append(m.latencies().containsKey(type) ? m.latency(type) : "–").append(" |");
            }
            md.append(m.errorRate() > Measurement.ERROR_LIMIT ? " **> 1 % errors** |\n" : " |\n");
        }
        md.append("\n## Scale, slow mail, memory\n\n")
                .append("- Scale: `").append(json.get("scale")).append("`\n")
                .append("- Slow mail: `").append(json.get("smtp")).append("`\n")
                .append("- Memory: `").append(json.get("memory")).append("`\n");
        md.append("\n## JMH (core hot paths)\n\n| benchmark | score | unit | B/op |\n|---|---|---|---|\n");
        for (Map<String, Object> row : (List<Map<String, Object>>) json.get("jmh")) {
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %s | %s |%n", row.get("benchmark"), row.get("score"),
                    row.get("unit"), row.containsKey("gc.alloc.rate.norm")
                            ? String.format(Locale.ROOT, "%.0f", row.get("gc.alloc.rate.norm")) : "–"));
        }
        md.append("""

                ## Notes

                - Every target runs in its own JVM (`-Xmx1g`, ParallelGC; SerialGC for the memory run) on 127.0.0.1,
                  one after the other, on the same 2 cores as the driver and PostgreSQL 15. Before a throughput
                  measurement the target runs the same flow until its JIT compiled at most 250 ms in a 5 s slice
                  (at least 20 s, at most 75 s; after a fixed 5 s both real targets ran at about half their settled
                  speed); the same process then gets 5 s at the next concurrency level. The slow-mail and memory
                  runs, compared only with themselves, warm up for a fixed 20 s. Every flow makes three HTTP
                  requests on every target: the token is fetched with one request that waits for it.
                - **Latchkey** (JSON API): per flow, a request (throttle check per IP and per identifier — JDBC
                  counters on PostgreSQL, in memory on H2 —, user lookup or creation, HMAC of link and code, one
                  transaction writing the challenge and its outbox row, audit event), asynchronous delivery by
                  the outbox worker to a capturing sender, then an exchange (one conditional UPDATE, failure
                  throttles, API session and refresh token rows, an ES256 access JWT). `X-Forwarded-For` carries a
                  random 10.x.y.z per flow through a trusted proxy (127.0.0.1/32).
                - **Baseline**: Spring Security's `oneTimeTokenLogin()` with `JdbcOneTimeTokenService` on the same
                  PostgreSQL database: `POST /ott/generate` (one INSERT, token handed over synchronously by the
                  generation success handler), `POST /login/ott` (a SELECT and a DELETE, then an in-memory HTTP
                  session, 302 to "/"). **CSRF is off** in the baseline, as the Latchkey JSON API has none. It
                  stores token values rather than HMACs, has no throttles, no outbox, no audit, no refresh token,
                  and its session lives in Tomcat's memory (Spring Session JDBC is excluded, as in the reference
                  set-up).
                - **Ceiling**: the same Spring Boot web and security stack with three no-op endpoints and no
                  database: the most flows/s this machine allows through the stack with this driver.
                - Scale: 10⁶ expired challenges and 10⁵ users are inserted with `generate_series`; the purge job's
                  first run is scheduled after the measurement, then load continues while it deletes them (time
                  from the first deleted row to none, polled every 250 ms).
                - Slow mail: the real SMTP sender against a loopback sink answering each message after 0 s or
                  2 s; only the request is driven, since the token leaves by mail.
                - Errors (wrong status, timeouts, missing tokens) are counted per scenario; a scenario above 1 %
                  is flagged.
                """);
        return md.toString();
    }

    private static void target(StringBuilder md, Map<String, Double> ratios, Map<String, Integer> concurrency,
                               String key, String target, DoubleFunction<String> verdict) {
        Double value = ratios.get(key);
        md.append(String.format(Locale.ROOT, "| `%s` | %s | %s | %s | %s |%n", key,
                value == null ? "not measured" : String.format(Locale.ROOT, "%.2f", value), concurrency.get(key), target,
                value == null ? "–" : verdict.apply(value)));
    }
}
