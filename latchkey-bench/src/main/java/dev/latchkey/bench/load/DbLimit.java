package dev.latchkey.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The database-bound limit of a Latchkey sign-in: {@code pgbench} running {@code pgbench/latchkey-flow.sql}
 * (Latchkey's minimal per-flow statements, 5 round trips and 4 commits) against the bench database, whose
 * schema a Latchkey target created. One script run is one flow, so pgbench's tps is flows/s; PostgreSQL's CPU
 * time per script run is the floor of what a sign-in costs the database. {@code pgbench}
 * ships with Debian's {@code postgresql-client} ({@code BENCH_PGBENCH} names another binary).
 */
final class DbLimit {
    private static final String PGBENCH = System.getenv().getOrDefault("BENCH_PGBENCH", "pgbench");
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");
    private static final Pattern PROCESSED = Pattern.compile("number of transactions actually processed: (\\d+)");
    /** How long the postmaster may take to reap pgbench's backends after it disconnected. */
    private static final Duration REAPED = Duration.ofSeconds(5);

    private DbLimit() {
    }

    /**
     * What pgbench measured at one client count.
     *
     * @param flowsPerSecond script runs per second, excluding connection set-up
     * @param failed script runs that failed
     * @param postgresCpuMillisPerFlow CPU time of every PostgreSQL process per script run, in ms (NaN if unread)
     */
    record Result(int clients, double flowsPerSecond, long failed, double seconds, double postgresCpuMillisPerFlow) {
    }

    /** Runs the script from {@code clients} connections for {@code duration}. */
    static Result measure(int clients, Duration duration) throws IOException, InterruptedException {
        Path script = Files.createTempFile("latchkey-flow-", ".sql");
        try (InputStream resource = DbLimit.class.getResourceAsStream("/pgbench/latchkey-flow.sql")) {
            if (resource == null) {
                throw new IllegalStateException("pgbench/latchkey-flow.sql is missing from the classpath");
            }
            Files.write(script, resource.readAllBytes());
            int processes = postgresProcessCount();
            long before = CpuPerFlow.Sample.postgresTicks();
            Process pgbench = new ProcessBuilder(List.of(PGBENCH, "-h", "127.0.0.1", "-p", "5432", "-U", Database.USER,
                    "-n", "-M", "prepared", "-c", Integer.toString(clients), "-j", Integer.toString(Math.min(2, clients)),
                    "-T", Long.toString(duration.toSeconds()), "-f", script.toString(), Database.NAME))
                    .redirectErrorStream(true).start();
            String output = new String(pgbench.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!pgbench.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS) || pgbench.exitValue() != 0) {
                throw new IllegalStateException("pgbench failed:\n" + output);
            }
            long after = afterBackendsExited(processes);
            Matcher tps = TPS.matcher(output);
            Matcher processed = PROCESSED.matcher(output);
            Matcher failed = FAILED.matcher(output);
            if (!tps.find()) {
                throw new IllegalStateException("pgbench printed no tps:\n" + output);
            }
            long flows = processed.find() ? Long.parseLong(processed.group(1)) : 0;
            Result result = new Result(clients, Double.parseDouble(tps.group(1)),
                    failed.find() ? Long.parseLong(failed.group(1)) : 0, duration.toSeconds(),
                    before < 0 || after < 0 || flows == 0 ? Double.NaN
                            : (after - before) * CpuPerFlow.MILLIS_PER_TICK / flows);
            System.out.printf("%-28s c=%-3d %8.1f flows/s  failed %d  (pgbench, 5 round trips, 4 commits)"
                    + "  CPU ms/flow PostgreSQL %.2f%n", "db-limit", clients, result.flowsPerSecond(), result.failed(),
                    result.postgresCpuMillisPerFlow());
            return result;
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /** PostgreSQL's CPU ticks once its process count is back to {@code processes}, or after {@link #REAPED}. */
    private static long afterBackendsExited(int processes) throws InterruptedException {
        long deadline = System.nanoTime() + REAPED.toNanos();
        while (postgresProcessCount() > processes && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return CpuPerFlow.Sample.postgresTicks();
    }

    private static int postgresProcessCount() {
        List<Path> processes = CpuPerFlow.Sample.postgresProcesses();
        return processes == null ? -1 : processes.size();
    }
}
