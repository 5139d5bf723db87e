package dev.latchkey.bench.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The JDK a target JVM runs on.
 *
 * @param name as results name it, {@code jdk} and the feature version, e.g. {@code jdk25}
 * @param java its {@code bin/java}
 */
record Jdk(String name, Path java) {
    /** Where Temurin's JDK 25 sits on this machine; {@code BENCH_JDK25_HOME} names another. */
    private static final String JDK25_HOME = System.getenv().getOrDefault("BENCH_JDK25_HOME",
            "/usr/lib/jvm/temurin-25-jdk-amd64");

    /** The JDK the driver runs on (17, the default {@code java}). */
    static Jdk current() {
        return new Jdk("jdk" + Runtime.version().feature(), Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    /** JDK 25, when installed. */
    static Optional<Jdk> jdk25() {
        Path java = Path.of(JDK25_HOME, "bin", "java");
        return Files.isExecutable(java) ? Optional.of(new Jdk("jdk25", java)) : Optional.empty();
    }

    /** {@code 17} or {@code 25}, as {@code --jdk} takes it. */
    static Jdk named(String feature) {
        if (feature.equals(Integer.toString(Runtime.version().feature()))) {
            return current();
        }
        if (feature.equals("25")) {
            return jdk25().orElseThrow(() -> new IllegalArgumentException("no JDK 25 at " + JDK25_HOME
                    + " (set BENCH_JDK25_HOME)"));
        }
        throw new IllegalArgumentException("--jdk takes " + Runtime.version().feature() + " or 25, not " + feature);
    }
}
