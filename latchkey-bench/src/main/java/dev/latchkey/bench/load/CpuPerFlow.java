package dev.latchkey.bench.load;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

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
         * still counts.
         */
        static long postgresTicks() {
            long total = 0;
            try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, "[0-9]*")) {
                for (Path process : processes) {
                    if (isPostgres(process)) {
                        total += Math.max(0, ticks(process));
                        if (!isPostgres(PROC.resolve(Long.toString(field(process, PARENT))))) {
                            total += Math.max(0, field(process, CHILDREN_USER) + field(process, CHILDREN_SYSTEM));
                        }
                    }
                }
            } catch (IOException e) {
                return -1;
            }
            return total;
        }

        /** How many PostgreSQL processes run now. */
        static long postgresProcesses() {
            try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, "[0-9]*")) {
                long count = 0;
                for (Path process : processes) {
                    count += isPostgres(process) ? 1 : 0;
                }
                return count;
            } catch (IOException e) {
                return -1;
            }
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
            long user = field(process, USER);
            long system = field(process, SYSTEM);
            return user < 0 || system < 0 ? -1 : user + system;
        }

        /** Field {@code index} of {@code /proc/<pid>/stat}, counted after the command name; -1 if gone. */
        private static long field(Path process, int index) {
            try {
                String stat = Files.readString(process.resolve("stat"));
                return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[index]);
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
    }
}
