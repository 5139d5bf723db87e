package dev.latchkey.bench.load;

import dev.latchkey.bench.targets.baseline.BaselineTarget;
import dev.latchkey.bench.targets.ceiling.CeilingTarget;
import dev.latchkey.bench.targets.latchkey.LatchkeyBenchTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs every load scenario of issues 7 and 12 one after the other, each target in its own JVM on loopback, and
 * writes {@code <out>.json} and {@code <out>.md}. Arguments: {@code --classpath <cp> --jmh <jmh json> --out
 * <path prefix>}. Bounded by time throughout; about twenty minutes on a 2-core machine.
 *
 * <p>For profiling, {@code --classpath <cp> --only <scenario> [--clients n] [--jdk 17|25] [--warm-up s]} runs
 * one scenario ({@code latchkey-pg-smtp}, {@code baseline-pg-smtp}, {@code latchkey-pg}, {@code latchkey-h2},
 * {@code baseline-pg}, {@code ceiling}, or {@code db-limit} for pgbench), after a fixed warm-up of {@code s}
 * seconds when given, else until the JIT settles, prints it and writes nothing;
 * {@code BENCH_TARGET_JVM_OPTIONS} adds options to the target's JVM (for example
 * {@code -XX:StartFlightRecording=filename=target.jfr}).
 */
public final class LoadDriver {
    /**
     * Before a throughput measurement: until the target's JIT compiled at most 250 ms in a 5 s slice. On two
     * cores, measured after a fixed 5 s, both real targets ran at about half their settled speed. The baseline
     * settles within 50 to 70 s; Latchkey, with more code to compile, never did within the earlier 75 s bound:
     * its C2 thread still compiled about 1 s in every 5 s slice at 165 s, and its headline flows/s at 8 clients
     * was 127 after 40 s of warm-up against 185 to 220 after 150 s (same machine, same hour).
     */
    private static final WarmUp UNTIL_JIT_SETTLES = new WarmUp(Duration.ofSeconds(20), Duration.ofSeconds(180));
    /** Where two runs of the same target are compared with each other (slow mail, memory). */
    private static final WarmUp FIXED = new WarmUp(Duration.ofSeconds(20), Duration.ofSeconds(20));
    /** Between levels on a process that is already warm. */
    private static final WarmUp LEVEL_CHANGE = new WarmUp(Duration.ofSeconds(5), Duration.ofSeconds(5));
    private static final Duration MEASURE = Duration.ofSeconds(12);
    /** pgbench has no JIT to wait for, and its tps leaves out connection set-up. */
    private static final Duration DB_LIMIT_RUN = Duration.ofSeconds(15);
    private static final Duration MEMORY_RUN = Duration.ofSeconds(45);
    private static final Duration PURGE_LIMIT = Duration.ofSeconds(120);
    private static final long UNBOUNDED = Long.MAX_VALUE;
    private static final int MEMORY_SIGN_INS = 100_000;
    private static final int EXPIRED_CHALLENGES = 1_000_000;
    private static final int OLD_USERS = 100_000;
    private static final Duration SLOW_MAIL = Duration.ofSeconds(2);
    private static final List<Integer> LEVELS = List.of(8, 32);
    private static final List<String> JVM = List.of("-Xmx1g", "-XX:+UseParallelGC");
    private static final List<String> MEMORY_JVM = List.of("-Xmx1g", "-XX:+UseSerialGC");
    /** Throttles stay on, since they are part of the work, with limits no load run reaches. */
    private static final List<String> LATCHKEY = List.of("--latchkey.trusted-proxies=127.0.0.1/32",
            "--latchkey.throttle.requests-per-ip=1000000/1h", "--latchkey.throttle.requests-per-identifier=1000/1h",
            "--latchkey.secret=bench-only-secret-0123456789abcdefghijklmnopqrstuvwxyz");
    /**
     * Where the capturing sender takes the mail: on PostgreSQL the server refuses to start without a mail
     * transport, and the capturing sender replaces the log one. The baseline needs it too, since the server's
     * environment check is on the shared classpath.
     */
    private static final String CAPTURED = "--latchkey.mail.transport=log";
    private static final List<String> POSTGRES = List.of("--spring.datasource.url=" + Database.URL,
            "--spring.datasource.username=" + Database.USER, "--spring.datasource.password=");

    private final String classpath;
    private final Results results = new Results();

    private LoadDriver(String classpath) {
        this.classpath = classpath;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        if (options.containsKey("--classpath") && options.containsKey("--only")) {
            Duration warmUp = Duration.ofSeconds(Long.parseLong(options.getOrDefault("--warm-up", "0")));
            new LoadDriver(options.get("--classpath")).runOne(options.get("--only"),
                    Integer.parseInt(options.getOrDefault("--clients", "8")),
                    options.containsKey("--jdk") ? Jdk.named(options.get("--jdk")) : Jdk.current(),
                    warmUp.isZero() ? UNTIL_JIT_SETTLES : new WarmUp(warmUp, warmUp));
            return;
        }
        if (!options.keySet().containsAll(List.of("--classpath", "--jmh", "--out"))) {
            System.err.println("usage: LoadDriver --classpath <cp> --jmh <jmh json> --out <path prefix>\n"
                    + "       LoadDriver --classpath <cp> --only <scenario> [--clients n] [--jdk 17|25] [--warm-up s]");
            System.exit(2);
        }
        LoadDriver driver = new LoadDriver(options.get("--classpath"));
        driver.runAll();
        driver.results.write(Path.of(options.get("--jmh")), Path.of(options.get("--out")));
    }

    /**
     * The headline first (both targets mailing over SMTP, on JDK 17 and on JDK 25 when installed), then the
     * database-bound limit, then everything else on the driver's JDK only, to keep the run bounded.
     */
    private void runAll() throws Exception {
        Database.recreate();
        List<Jdk> jdks = new ArrayList<>(List.of(Jdk.current()));
        Jdk.jdk25().ifPresentOrElse(jdks::add, () -> System.err.println("no JDK 25 found: the headline runs on "
                + Jdk.current().name() + " only (set BENCH_JDK25_HOME)"));
        for (Jdk jdk : jdks) {
            results.headline(measureLevels("latchkey-pg-smtp", jdk), measureLevels("baseline-pg-smtp", jdk));
        }
        // No target runs now, so no outbox worker claims pgbench's rows.
        List<DbLimit.Result> limits = new ArrayList<>();
        for (int level : LEVELS) {
            limits.add(DbLimit.measure(level, DB_LIMIT_RUN));
        }
        results.dbLimit(limits);
        Map<Integer, Measurement> latchkeyPg = measureLevels("latchkey-pg", Jdk.current());
        int best = latchkeyPg.values().stream().max((a, b) -> Double.compare(a.flowsPerSecond(), b.flowsPerSecond()))
                .orElseThrow().concurrency();
        results.latchkeyPg(latchkeyPg, best);
        results.latchkeyH2(measure("latchkey-h2", best, Jdk.current(), UNTIL_JIT_SETTLES));
        measureLevels("baseline-pg", Jdk.current()).values().forEach(results::baseline);
        measureLevels("ceiling", Jdk.current()).values().forEach(results::ceiling);
        scale(best);
        slowMail(best);
        memory(best);
    }

    /**
     * A throughput scenario: one target with its arguments, driven with one flow. The {@code -smtp} ones mail
     * their link to {@code sink} and the driver reads it from there.
     */
    private record Scenario(String name, Class<?> target, List<String> args, Flow flow) {
        static Scenario named(String name, SmtpSink sink) throws IOException {
            return switch (name) {
                case "latchkey-pg-smtp" -> new Scenario(name, LatchkeyBenchTarget.class,
                        latchkeyOnPostgres(mailingTo(sink, "--bench.capture=false")), Flow.latchkeyByMail(sink));
                case "baseline-pg-smtp" -> new Scenario(name, BaselineTarget.class,
                        withPostgres(mailingTo(sink, "--bench.mail=true")), Flow.baselineByMail(sink));
                case "latchkey-pg" -> new Scenario(name, LatchkeyBenchTarget.class, latchkeyOnPostgres(CAPTURED),
                        Flow.latchkey());
                case "latchkey-h2" -> new Scenario(name, LatchkeyBenchTarget.class,
                        onH2(Files.createTempDirectory("latchkey-bench-h2")), Flow.latchkey());
                case "baseline-pg" -> new Scenario(name, BaselineTarget.class, withPostgres(CAPTURED), Flow.baseline());
                case "ceiling" -> new Scenario(name, CeilingTarget.class, List.of(), Flow.ceiling());
                default -> throw new IllegalArgumentException("no scenario " + name);
            };
        }
    }

    private static String[] mailingTo(SmtpSink sink, String switchArg) {
        return new String[] {switchArg, "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + sink.port()};
    }

    private static List<String> withPostgres(String... extra) {
        List<String> args = new ArrayList<>(POSTGRES);
        args.addAll(List.of(extra));
        return args;
    }

    /** One target process measured at each level in turn; only the first level pays the JIT's warm-up. */
    private Map<Integer, Measurement> measureLevels(String name, Jdk jdk) throws Exception {
        Map<Integer, Measurement> byLevel = new LinkedHashMap<>();
        try (SmtpSink sink = SmtpSink.indexing()) {
            Scenario scenario = Scenario.named(name, sink);
            try (TargetProcess process = TargetProcess.start(jdk, scenario.target().getName(), classpath, JVM,
                    scenario.args())) {
                WarmUp warmUp = UNTIL_JIT_SETTLES;
                for (int level : LEVELS) {
                    try (LoadRun run = new LoadRun(process, level)) {
                        byLevel.put(level, measure(run, process, scenario.name(), scenario.target(), scenario.flow(),
                                warmUp));
                    }
                    warmUp = LEVEL_CHANGE;
                }
            }
        }
        return byLevel;
    }

    /** Only the named scenario, on a fresh database; for {@code db-limit} a Latchkey target creates the schema first. */
    private void runOne(String name, int clients, Jdk jdk, WarmUp warmUp) throws Exception {
        Database.recreate();
        if (name.equals("db-limit")) {
            // Stopped before pgbench runs, so its outbox worker cannot claim pgbench's rows.
            TargetProcess.start(LatchkeyBenchTarget.class.getName(), classpath, JVM, latchkeyOnPostgres(CAPTURED))
                    .close();
            DbLimit.measure(clients, DB_LIMIT_RUN);
            return;
        }
        measure(name, clients, jdk, warmUp);
    }

    /** One scenario at one level in a fresh target process. */
    private Measurement measure(String name, int concurrency, Jdk jdk, WarmUp warmUp) throws Exception {
        try (SmtpSink sink = SmtpSink.indexing()) {
            return measure(Scenario.named(name, sink), concurrency, jdk, warmUp);
        }
    }

    private Measurement measure(Scenario scenario, int concurrency, Jdk jdk, WarmUp warmUp) throws Exception {
        try (TargetProcess process = TargetProcess.start(jdk, scenario.target().getName(), classpath, JVM,
                scenario.args());
             LoadRun run = new LoadRun(process, concurrency)) {
            return measure(run, process, scenario.name(), scenario.target(), scenario.flow(), warmUp);
        }
    }

    private static List<String> latchkeyOnPostgres(String... extra) {
        List<String> args = new ArrayList<>(LATCHKEY);
        args.addAll(POSTGRES);
        args.add("--latchkey.throttle.backend=jdbc");
        args.addAll(List.of(extra));
        return args;
    }

    private static List<String> onH2(Path directory) {
        List<String> args = new ArrayList<>(LATCHKEY);
        // The server's own H2 URL, so the bench measures the embedded default's settings.
        args.add("--LATCHKEY_DATA_DIR=" + directory);
        return args;
    }

    private Measurement measure(String name, Class<?> target, List<String> jvm, List<String> args, Flow flow,
                                int concurrency, WarmUp warmUp) throws Exception {
        try (TargetProcess process = TargetProcess.start(target.getName(), classpath, jvm, args);
             LoadRun run = new LoadRun(process, concurrency)) {
            return measure(run, process, name, target, flow, warmUp);
        }
    }

    private Measurement measure(LoadRun run, TargetProcess process, String name, Class<?> target, Flow flow,
                                WarmUp warmUp) throws Exception {
        double warmed = warmUp.run(run, process, name + "-warm-up", target.getSimpleName(), flow);
        return report(run.run(name, target.getSimpleName(), flow, MEASURE, UNBOUNDED).afterWarmUp(warmed)
                .on(process.jdk()));
    }

    /**
     * Load in 5 s slices for at least {@code minimum} and until the target's JIT compiled at most 250 ms in a
     * slice, or {@code maximum} has passed. Equal bounds make it a fixed warm-up.
     */
    record WarmUp(Duration minimum, Duration maximum) {
        private static final Duration SLICE = Duration.ofSeconds(5);
        private static final long SETTLED_COMPILATION_MILLIS = 250;

        /** Returns how many seconds it took. */
        double run(LoadRun run, TargetProcess process, String name, String target, Flow flow) throws Exception {
            long start = System.nanoTime();
            long compiled = process.compilationMillis();
            while (true) {
                Duration left = maximum.minusNanos(System.nanoTime() - start);
                run.run(name, target, flow, left.compareTo(SLICE) < 0 ? left : SLICE, UNBOUNDED);
                long total = process.compilationMillis();
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                boolean settled = total - compiled <= SETTLED_COMPILATION_MILLIS;
                compiled = total;
                if (elapsed.compareTo(maximum) >= 0 || (settled && elapsed.compareTo(minimum) >= 0)) {
                    return elapsed.toNanos() / 1e9;
                }
            }
        }
    }

    private Measurement report(Measurement measurement) {
        System.out.printf("%-28s %-6s c=%-3d warm-up %3.0f s %8.1f flows/s  errors %d  ms p50/p95/p99: %s;"
                        + " CPU ms/flow target %.2f, PostgreSQL %.2f, driver %.2f%n",
                measurement.name(), measurement.jdk(), measurement.concurrency(), measurement.warmUpSeconds(),
                measurement.flowsPerSecond(), measurement.errors(), measurement.latencySummary(),
                measurement.cpu().targetMillis(), measurement.cpu().postgresMillis(), measurement.cpu().driverMillis());
        results.add(measurement);
        return measurement;
    }

    /**
     * The same PostgreSQL target after loading a million expired challenges. Its first purge is scheduled
     * after the measurement, which is checked, so the measurement sees every row; load then continues
     * while the purge deletes them.
     */
    private void scale(int concurrency) throws Exception {
        long loadStart = System.nanoTime();
        Database.loadExpired(EXPIRED_CHALLENGES, OLD_USERS);
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        Flow flow = Flow.latchkey();
        try (TargetProcess process = TargetProcess.start(LatchkeyBenchTarget.class.getName(), classpath, JVM,
                latchkeyOnPostgres(CAPTURED, "--latchkey.purge.interval=120s"));
             LoadRun run = new LoadRun(process, concurrency)) {
            Measurement loaded = measure(run, process, "latchkey-pg-1e6-rows", LatchkeyBenchTarget.class, flow,
                    UNTIL_JIT_SETTLES);
            long expiredAfterMeasurement = Database.expiredChallenges();
            AtomicBoolean purged = new AtomicBoolean();
            CompletableFuture<Measurement> load = CompletableFuture.supplyAsync(() -> {
                try {
                    return run.run("latchkey-pg-during-purge", LatchkeyBenchTarget.class.getSimpleName(), flow,
                            PURGE_LIMIT, UNBOUNDED, purged::get);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            PurgeWatch watch = PurgeWatch.await(expiredAfterMeasurement, PURGE_LIMIT);
            purged.set(true);
            Measurement duringPurge = report(load.get().on(process.jdk()));
            results.scale(loaded, duringPurge, loadSeconds, expiredAfterMeasurement, watch);
        }
    }

    /**
     * When the purge job started and ended, seen by polling the number of loaded rows every 250 ms.
     *
     * @param seconds from the first deleted row to none left; negative when the purge did not finish in time
     * @param remaining loaded rows left at the end of the watch
     */
    record PurgeWatch(double seconds, long remaining) {
        private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

        static PurgeWatch await(long initial, Duration limit) throws Exception {
            long deadline = System.nanoTime() + limit.toNanos();
            long started = 0;
            long remaining = initial;
            while (System.nanoTime() < deadline) {
                remaining = Database.expiredChallenges();
                if (started == 0 && remaining < initial) {
                    started = System.nanoTime();
                }
                if (remaining == 0) {
                    return new PurgeWatch((System.nanoTime() - started) / 1e9, 0);
                }
                TimeUnit.NANOSECONDS.sleep(POLL_NANOS);
            }
            return new PurgeWatch(-1, remaining);
        }
    }

    /** Request latency with a mail server that answers instantly, then with one that takes two seconds a message. */
    private void slowMail(int concurrency) throws Exception {
        Map<Duration, Measurement> byDelay = new LinkedHashMap<>();
        Map<Duration, Long> delivered = new LinkedHashMap<>();
        for (Duration delay : List.of(Duration.ZERO, SLOW_MAIL)) {
            try (SmtpSink sink = SmtpSink.start(delay)) {
                byDelay.put(delay, measure("latchkey-pg-smtp-" + delay.toMillis() + "ms", LatchkeyBenchTarget.class,
                        JVM, latchkeyOnPostgres("--bench.capture=false", "--spring.mail.host=127.0.0.1",
                                "--spring.mail.port=" + sink.port()), Flow.latchkeyRequestOnly(), concurrency, FIXED));
                delivered.put(delay, sink.messages());
            }
        }
        results.slowMail(byDelay.get(Duration.ZERO), byDelay.get(SLOW_MAIL), delivered.get(Duration.ZERO),
                delivered.get(SLOW_MAIL));
    }

    /** Heap after warm-up and after up to 10⁵ sign-ins, on H2 with in-memory throttles, each after a full GC. */
    private void memory(int concurrency) throws Exception {
        Path h2 = Files.createTempDirectory("latchkey-bench-memory");
        Flow flow = Flow.latchkey();
        try (TargetProcess process = TargetProcess.start(LatchkeyBenchTarget.class.getName(), classpath, MEMORY_JVM,
                onH2(h2));
             LoadRun run = new LoadRun(process, concurrency)) {
            double warmed = FIXED.run(run, process, "latchkey-h2-memory-warm-up",
                    LatchkeyBenchTarget.class.getSimpleName(), flow);
            long afterWarmUp = process.heapAfterGc();
            Measurement signIns = report(run.run("latchkey-h2-memory", LatchkeyBenchTarget.class.getSimpleName(), flow,
                    MEMORY_RUN, MEMORY_SIGN_INS).afterWarmUp(warmed).on(process.jdk()));
            results.memory(afterWarmUp, process.heapAfterGc(), signIns, MEMORY_SIGN_INS, process.largestClasses(12));
        }
    }
}
