package dev.latchkey.bench.load;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One benchmark target in its own JVM on a free loopback port, ready once {@code /actuator/health} answers 200. */
final class TargetProcess implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final String base;
    private final Path log;
    private final Jdk jdk;

    private TargetProcess(Process process, String base, Path log, Jdk jdk) {
        this.process = process;
        this.base = base;
        this.log = log;
        this.jdk = jdk;
    }

    /** Starts the target on the driver's own JDK. */
    static TargetProcess start(String mainClass, String classpath, List<String> jvmArgs, List<String> args)
            throws IOException, InterruptedException {
        return start(Jdk.current(), mainClass, classpath, jvmArgs, args);
    }

    /**
     * Starts {@code mainClass} from {@code classpath} on {@code jdk} with {@code jvmArgs} and {@code args} and
     * waits until it is ready.
     */
    static TargetProcess start(Jdk jdk, String mainClass, String classpath, List<String> jvmArgs, List<String> args)
            throws IOException, InterruptedException {
        int port = freePort();
        Path log = Files.createTempFile("latchkey-bench-" + mainClass.substring(mainClass.lastIndexOf('.') + 1) + "-",
                ".log");
        List<String> command = new ArrayList<>();
        command.add(jdk.java().toString());
        command.addAll(jvmArgs);
        String extra = System.getenv("BENCH_TARGET_JVM_OPTIONS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", classpath, mainClass, "--server.port=" + port, "--server.address=127.0.0.1",
                "--logging.level.root=WARN"));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        TargetProcess target = new TargetProcess(process, "http://127.0.0.1:" + port, log, jdk);
        target.awaitReady();
        return target;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    String base() {
        return base;
    }

    Jdk jdk() {
        return jdk;
    }

    long pid() {
        return process.pid();
    }

    /** Milliseconds the target's JIT has spent compiling so far ({@code /bench/jit}). */
    long compilationMillis() throws IOException, InterruptedException {
        return benchValue(HttpRequest.newBuilder(URI.create(base + "/bench/jit")).GET());
    }

    /** Heap in use after a full collection ({@code /bench/heap}). */
    long heapAfterGc() throws IOException, InterruptedException {
        return benchValue(HttpRequest.newBuilder(URI.create(base + "/bench/heap"))
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** The {@code top} classes by live bytes ({@code jcmd GC.class_histogram}), as "bytes instances class". */
    List<String> largestClasses(int top) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid()), "GC.class_histogram").redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor(30, TimeUnit.SECONDS);
        // Rows look like "   1:   123456   7890123  java.lang.String (java.base@17)".
        return output.lines().map(String::trim).filter(line -> line.matches("\\d+:\\s+\\d+\\s+\\d+\\s+.*")).limit(top)
                .map(line -> line.split("\\s+"))
                .map(row -> row[2] + " " + row[1] + " " + row[3])
                .toList();
    }

    private static long benchValue(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(request.build().uri() + " answered " + response.statusCode());
        }
        return Long.parseLong(response.body().trim());
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("target exited during start-up:\n" + tail());
            }
            try {
                HttpResponse<Void> health = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // The port is not open yet; the deadline bounds the wait.
            }
            process.waitFor(200, TimeUnit.MILLISECONDS);
        }
        String tail = tail();
        close();
        throw new IllegalStateException("target was not ready within " + STARTUP.toSeconds() + " s:\n" + tail);
    }

    private String tail() throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** Stops the target (SIGTERM, then SIGKILL after 20 s) and deletes its log. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } catch (IOException e) {
            // A leftover log in the temp directory does no harm.
        }
    }
}
