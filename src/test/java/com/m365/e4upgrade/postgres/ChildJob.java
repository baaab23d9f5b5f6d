package com.m365.e4upgrade.postgres;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.m365.e4upgrade.E4UpgradeApplication;
import com.m365.e4upgrade.restart.CrashingE4UpgradeApplication;

/**
 * The job's command in a child JVM, started in a working directory of the test's own (its logs/
 * and out/ go there), pointed at a {@link TestDatabase}. It can be slowed down or held in one step
 * with the test-only hooks of {@link CrashingE4UpgradeApplication} ({@code -Dslow.step},
 * {@code -Dhold.step}), killed with SIGKILL, and waited for.
 */
final class ChildJob {

    static final String LOG_FILE = "logs/e4-upgrade.log";
    /** What the hook of {@link Launch#holding} logs once it holds the step. */
    static final String HOLDING = "Holding the first chunk until";

    private static final Duration TIME_LIMIT = Duration.ofSeconds(120);
    private static final List<String> FAST_START = List.of(
            "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:+UseSerialGC");
    private static final AtomicInteger RUNS = new AtomicInteger();
    /** Children still running when the test JVM ends (a test given up half-way) are ended with it. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static String classpath;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "child-jobs-stop"));
    }

    private final String label;
    private final Path workDir;
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final int logAlreadyWritten;
    private final long startedAt = System.nanoTime();

    private ChildJob(String label, Path workDir, Process process, Path stdout, Path stderr, int logAlreadyWritten) {
        this.label = label;
        this.workDir = workDir;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.logAlreadyWritten = logAlreadyWritten;
    }

    static Launch in(Path workDir, TestDatabase database) {
        return new Launch(workDir, database);
    }

    static final class Launch {

        private final Path workDir;
        private final TestDatabase database;
        private final List<String> arguments = new ArrayList<>();
        private final List<String> systemProperties = new ArrayList<>();
        private String mainClass = E4UpgradeApplication.class.getName();

        private Launch(Path workDir, TestDatabase database) {
            this.workDir = workDir;
            this.database = database;
        }

        Launch arguments(List<String> commandLine) {
            arguments.addAll(commandLine);
            return this;
        }

        /** Every chunk of the step takes this much longer, one at a time over the partitions. */
        Launch slowing(String step, Duration perChunk) {
            mainClass = CrashingE4UpgradeApplication.class.getName();
            systemProperties.add("-Dslow.step=" + step);
            systemProperties.add("-Dslow.millis=" + perChunk.toMillis());
            return this;
        }

        /** The step's first chunk waits, before its commit, until the file exists: the run surely goes on till then. */
        Launch holding(String step, Path release) {
            mainClass = CrashingE4UpgradeApplication.class.getName();
            systemProperties.add("-Dhold.step=" + step);
            systemProperties.add("-Dhold.until=" + release.toAbsolutePath());
            return this;
        }

        ChildJob start() {
            try {
                Path console = Files.createDirectories(workDir.resolve("console"));
                String label = "run-" + RUNS.incrementAndGet();
                List<String> command = new ArrayList<>();
                command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                command.addAll(FAST_START);
                command.addAll(systemProperties);
                command.addAll(List.of("-cp", classpath(), mainClass));
                command.addAll(arguments);
                command.addAll(database.options());
                Path out = console.resolve(label + ".stdout.txt");
                Path err = console.resolve(label + ".stderr.txt");
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(workDir.toFile())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                // the log file is shared by the runs in one directory: this run's lines are those after now
                int logAlreadyWritten = read(workDir.resolve(LOG_FILE)).length();
                Map<String, String> environment = builder.environment();
                environment.keySet().removeIf(name -> name.startsWith("SPRING_"));
                environment.putAll(database.environment());
                Process process = builder.start();
                LIVE.add(process);
                process.onExit().thenRun(() -> LIVE.remove(process));
                return new ChildJob(label, workDir, process, out, err, logAlreadyWritten);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Finished run() {
            return start().awaitExit();
        }
    }

    /** Waits until this run's lines of the job's log show the text; fails if the process ends first. */
    ChildJob awaitLog(String text) {
        long deadline = System.nanoTime() + TIME_LIMIT.toNanos();
        Path log = workDir.resolve(LOG_FILE);
        while (System.nanoTime() < deadline) {
            if (read(log).indexOf(text, logAlreadyWritten) >= 0) {
                return this;
            }
            if (!process.isAlive()) {
                throw new AssertionError(label + " ended before its log showed \"" + text + "\"\n" + finished(process.exitValue()));
            }
            pause(Duration.ofMillis(20));
        }
        throw new AssertionError(label + ": the log did not show \"" + text + "\" within " + TIME_LIMIT);
    }

    /** SIGKILL on Linux: no shutdown hook runs, the database sessions just drop. */
    ChildJob kill() {
        process.destroyForcibly();
        return this;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Finished awaitExit() {
        try {
            if (!process.waitFor(TIME_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(label + " did not end within " + TIME_LIMIT + "\n" + finished(-1));
            }
            return finished(process.exitValue());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + label, e);
        }
    }

    private Finished finished(int exitCode) {
        return new Finished(label, exitCode, read(stdout), read(stderr).lines().toList(),
                Duration.ofNanos(System.nanoTime() - startedAt));
    }

    /** How a run ended: its exit code and what it wrote on the console. */
    record Finished(String label, int exitCode, String stdout, List<String> stderrLines, Duration took) {

        @Override
        public String toString() {
            return label + ": exit " + exitCode + " after " + took.toMillis() + " ms\n--- stdout ---\n" + stdout
                    + "--- stderr ---\n" + String.join("\n", stderrLines);
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(Math.max(0, duration.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String read(Path file) {
        try {
            // bytes, not readString: the last line may be half written, with half a character
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The test classpath, with its class directories copied once per test JVM: other work in the
     * same tree may recompile target/classes while a child runs.
     */
    private static synchronized String classpath() throws IOException {
        if (classpath == null) {
            Path copies = Files.createDirectories(Path.of("target", "postgres-tests",
                    "classes-" + ProcessHandle.current().pid()));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(copies)));
            List<String> entries = new ArrayList<>();
            int index = 0;
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path path = Path.of(entry);
                if (Files.isDirectory(path)) {
                    Path copy = copies.resolve(index++ + "-" + path.getFileName()).toAbsolutePath();
                    copyTree(path, copy);
                    entries.add(copy.toString());
                } else {
                    entries.add(entry);
                }
            }
            classpath = String.join(File.pathSeparator, entries);
        }
        return classpath;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort: it is under target/
        }
    }
}
