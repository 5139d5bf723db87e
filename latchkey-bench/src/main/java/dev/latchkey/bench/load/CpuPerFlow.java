package dev.latchkey.bench.load;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * CPU time per flow, in ms, of the three parts a measured flow runs through on this machine's shared cores: the
 * target's JVM, PostgreSQL (every {@code postgres} process) and the driver with its SMTP sink. Read from Linux's
 * {@code /proc} before and after a measurement; NaN where it cannot be read.
 *
 * @param targetMillis the target's JVM
 * @param postgresMillis every PostgreSQL process, background workers included
 * @param driverMillis this JVM: the client threads and the SMTP sink
 */
record CpuPerFlow(double targetMillis, double postgresMillis, double driverMillis) {
    /** Linux reports process times in USER_HZ ticks, 100 a second on every architecture it runs on here. */
    static final double MILLIS_PER_TICK = 10;
    private static final Path PROC = Path.of("/proc");
    /** Indexes into {@code /proc/<pid>/stat} after the command name: ppid, utime, stime, cutime, cstime. */
    private static final int PARENT = 1;
    private static final int USER = 11;
    private static final int SYSTEM = 12;
    private static final int CHILDREN_USER = 13;
    private static final int CHILDREN_SYSTEM = 14;

    /** CPU ticks spent so far by each part. */
    record Sample(long target, long postgres, long driver) {

        /** What the target with process id {@code targetPid}, PostgreSQL and this JVM have spent so far. */
        static Sample take(long targetPid) {
            return new Sample(ticks(PROC.resolve(Long.toString(targetPid))), postgresTicks(),
                    ticks(PROC.resolve(Long.toString(ProcessHandle.current().pid()))));
        }

        CpuPerFlow perFlowSince(Sample before, long flows) {
            return new CpuPerFlow(perFlow(target - before.target, flows), perFlow(postgres - before.postgres, flows),
                    perFlow(driver - before.driver, flows));
        }

        private static double perFlow(long ticks, long flows) {
            return ticks < 0 || flows == 0 ? Double.NaN : ticks * MILLIS_PER_TICK / flows;
        }

        /**
         * Every live PostgreSQL process's time plus what the postmaster collected from the backends that exited
         * (their time moves to its children's fields when it reaps them), so a connection that ends in between
         * still counts; -1 if {@code /proc} cannot be read.
         */
        static long postgresTicks() {
            List<Path> processes = postgresProcesses();
            if (processes == null) {
                return -1;
            }
            long total = 0;
            for (Path process : processes) {
                long[] stat = stat(process);
                if (stat.length > 0) {
                    total += stat[USER] + stat[SYSTEM];
                    if (!processes.contains(PROC.resolve(Long.toString(stat[PARENT])))) {
                        total += stat[CHILDREN_USER] + stat[CHILDREN_SYSTEM];
                    }
                }
            }
            return total;
        }

        /** The {@code /proc} directories of the PostgreSQL processes running now, or null if it cannot be read. */
        static @Nullable List<Path> postgresProcesses() {
            List<Path> found = new ArrayList<>();
            try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, "[0-9]*")) {
                for (Path process : processes) {
                    if (isPostgres(process)) {
                        found.add(process);
                    }
                }
            } catch (IOException e) {
                return null;
            }
            return found;
        }

        private static boolean isPostgres(Path process) {
            try {
                return Files.readString(process.resolve("comm")).strip().equals("postgres");
            } catch (IOException e) {
                return false;
            }
        }

        /** utime + stime of {@code /proc/<pid>/stat}; -1 if gone. */
        private static long ticks(Path process) {
            long[] stat = stat(process);
            return stat.length > 0 ? stat[USER] + stat[SYSTEM] : -1;
        }

        /**
         * The fields of {@code /proc/<pid>/stat} after the parenthesised command name, up to
         * {@link #CHILDREN_SYSTEM} (the state letter reads as 0; later ones may not fit a long), or none if the
         * process is gone.
         */
        private static long[] stat(Path process) {
            try {
                String stat = Files.readString(process.resolve("stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long[] values = new long[CHILDREN_SYSTEM + 1];
                for (int i = 1; i < values.length; i++) {
                    values[i] = Long.parseLong(fields[i]);
                }
                return values;
            } catch (IOException | RuntimeException e) {
                return new long[0];
            }
        }
    }
}
