package dev.latchkey.bench.load;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleFunction;
import java.util.regex.Pattern;

/** The Markdown beside the JSON: targets with pass or miss, every scenario, and what each target does. */
final class ResultsMarkdown {
    private static final List<String> TYPES = List.of("request", "token", "exchange", Measurement.FLOW);
    /** SPEC §8's targets (issue 12) by ratio; each results key adds {@code _c<clients>_<jdk>}. */
    private static final Map<String, Target> TARGETS = new LinkedHashMap<>();

    static {
        TARGETS.put("latchkey_pg_vs_baseline_pg_smtp", new Target("≥ 1.0 (aim 1.5)",
                r -> r >= 1.5 ? "pass, aim met" : passOrMiss(r >= 1.0)));
        TARGETS.put("flow_p99_vs_baseline_smtp", new Target("≤ 1.0", r -> passOrMiss(r <= 1.0)));
        TARGETS.put("latchkey_pg_vs_db_limit", new Target("report", r -> "reported"));
        TARGETS.put("latchkey_pg_vs_baseline_pg", new Target("≥ 0.7", r -> passOrMiss(r >= 0.7)));
        TARGETS.put("latchkey_pg_vs_ceiling", new Target("report", r -> "reported"));
        TARGETS.put("latchkey_h2_vs_latchkey_pg", new Target("≥ 1.0", r -> passOrMiss(r >= 1.0)));
        TARGETS.put("rows_1e6_vs_empty", new Target("≥ 0.9", r -> passOrMiss(r >= 0.9)));
        TARGETS.put("smtp_slow_vs_fast_p99", new Target("≤ 1.2", r -> passOrMiss(r <= 1.2)));
    }

    /** A target as the issue writes it, and the verdict on a value. */
    private record Target(String text, DoubleFunction<String> verdict) {
    }

    private static String passOrMiss(boolean pass) {
        return pass ? "pass" : "**miss**";
    }

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
        md.append("## Targets (SPEC §8, issue 12)\n\nEach key is the ratio, the clients (`_c8`) and the JDK of the"
                + " targets (`_jdk17`); every ratio compares two targets on the same JDK.\n\n"
                + "| key | value | clients | JDK | target | result |\n|---|---|---|---|---|---|\n");
        Map<String, String> jdk = (Map<String, String>) json.get("jdk");
        TARGETS.forEach((ratio, target) -> ratios.forEach((key, value) -> {
            if (key.matches(Pattern.quote(ratio) + "_c\\d+_jdk\\d+")) {
                md.append(String.format(Locale.ROOT, "| `%s` | %.2f | %d | %s | %s | %s |%n", key, value,
                        concurrency.get(key), jdk.get(key), target.text(), target.verdict().apply(value)));
            }
        }));
        md.append('\n');
        md.append("## Scenarios\n\nLatency in ms, p50 / p95 / p99. \"token\" is the driver's wait for the captured"
                        + " token (one request that waits until the target hands it over) or, in the `-smtp` scenarios,\n"
                        + "for the mail at the sink; either includes the target's delivery. \"flow\" is one whole flow."
                        + " \"warm-up\" is the load the same process had just before. \"CPU ms/flow\" is the CPU time"
                        + " per flow of the target, PostgreSQL (all its processes) and the driver with its SMTP sink, which\n"
                        + "share the machine's cores: where the flows/s of this machine go.\n\n")
                .append("| scenario | target | JDK | clients | warm-up s | flows | s | flows/s | errors | request | token"
                        + " | exchange | flow | CPU ms/flow target / PostgreSQL / driver | flag |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Measurement m : measurements) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %.0f | %d | %.1f | %.1f | %d |", m.name(),
                    m.target(), m.jdk(), m.concurrency(), m.warmUpSeconds(), m.flows(), m.seconds(), m.flowsPerSecond(),
                    m.errors()));
            for (String type : TYPES) {
                md.append(' ').append(m.latencies().containsKey(type) ? m.latency(type) : "–").append(" |");
            }
            md.append(String.format(Locale.ROOT, " %.2f / %.2f / %.2f |", m.cpu().targetMillis(),
                    m.cpu().postgresMillis(), m.cpu().driverMillis()));
            md.append(m.errorRate() > Measurement.ERROR_LIMIT ? " **> 1 % errors** |\n" : " |\n");
        }
        md.append("\n## Database-bound limit, scale, slow mail, memory\n\n")
                .append("- Database-bound limit (pgbench): `").append(json.get("db_limit")).append("`\n")
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

                - **Headline** (`*-smtp`): both targets deliver real mail over SMTP to the driver's loopback sink,
                  which indexes each message by recipient; the driver's "token" step is one blocking wait for the
                  mail to its flow's address (no polling), and the token is read from the link in the mail. These
                  run on JDK 17 and on JDK 25 (Temurin); every other scenario runs on JDK 17 only. "flow" is one
                  whole flow, first request to last answer.
                - Every target runs in its own JVM (`-Xmx1g`, ParallelGC; SerialGC for the memory run) on 127.0.0.1,
                  one after the other, on the same 2 cores as the driver and PostgreSQL 15. Before a throughput
                  measurement the target runs the same flow until its JIT compiled at most 250 ms in a 5 s slice
                  (at least 20 s, at most 180 s; after a fixed 5 s both real targets ran at about half their settled
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
                  set-up). In the headline (`baseline-pg-smtp`) its generation success handler builds the magic
                  link and sends it with `JavaMailSender` before redirecting to `/ott/sent` (302), as the handler
                  in Spring Security's reference documentation does; the driver reads the link from the sink.
                  Latchkey's headline uses its own SMTP sender (`spring.mail.host`/`port` at the sink).
                - **Database-bound limit**: `pgbench -M prepared` running Latchkey's minimal per-flow statements
                  (`latchkey-bench/src/main/resources/pgbench/latchkey-flow.sql`: 5 round trips and 4 commits —
                  request, delivery claim with digests, delivery completion, exchange read and exchange
                  transaction — one outbox row per claim, no batching) on Latchkey's tables, 15 s at each client
                  count; `latchkey_pg_vs_db_limit` divides the headline Latchkey's flows/s by it.
                  `postgres_cpu_ms_per_flow` is PostgreSQL's CPU time per script run (pgbench's backends
                  included), the floor of what a Latchkey sign-in costs the database.
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
}
