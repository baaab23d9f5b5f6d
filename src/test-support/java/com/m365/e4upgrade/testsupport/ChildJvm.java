package com.m365.e4upgrade.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.m365.e4upgrade.E4UpgradeApplication;

/**
 * One run of the job's command in a child JVM, as an operator starts it: in a working directory
 * of the test's own (where ./logs, ./out and the default H2 file ./data/e4-upgrade go), with
 * options on the command line and, if given, variables in the environment. A test can wait for a
 * line of the job's log, send SIGTERM or SIGKILL, and wait for the exit code and what the run
 * wrote on standard output and error (kept under ./console).
 *
 * <p>Only JDK and main classes here: the benchmark compiles this package without the tests'
 * libraries.
 */
public final class ChildJvm {

    /** What a JVM ended by SIGKILL exits with (128 + 9); the tests' crash points halt with it too. */
    public static final int KILLED = 137;

    /** The job's log, relative to its working directory (application.properties). */
    public static final String LOG_FILE = "logs/e4-upgrade.log";

    private static final Duration TIME_LIMIT = Duration.ofSeconds(150);
    /** A child starts in about half the time with these, and the tests start hundreds of them. */
    private static final List<String> FAST_START = List.of(
            "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:+UseSerialGC");
    /** Children still running when the test JVM ends (a test given up half-way) are ended with it. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "child-jvms-stop"));
    }

    private final String label;
    private final Path workDir;
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    /** Where this run's lines begin in the log, which every run in the directory appends to. */
    private final int logAlreadyWritten;
    private final long startedAt = System.nanoTime();

    private ChildJvm(String label, Path workDir, Process process, Path stdout, Path stderr, int logAlreadyWritten) {
        this.label = label;
        this.workDir = workDir;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.logAlreadyWritten = logAlreadyWritten;
    }

    /** A run to start in this working directory: the shipped main class, no arguments yet. */
    public static Launch in(Path workDir) {
        return new Launch(workDir);
    }

    /** A child JVM to start. */
    public static final class Launch {

        private final Path workDir;
        private Class<?> mainClass = E4UpgradeApplication.class;
        private final Map<String, String> systemProperties = new TreeMap<>();
        private final List<String> arguments = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();

        private Launch(Path workDir) {
            this.workDir = workDir;
        }

        /** Another main class, such as the job with a test's hooks; of the test classes the child gets its package only. */
        public Launch mainClass(Class<?> main) {
            this.mainClass = main;
            return this;
        }

        /** A JVM system property ({@code -Dname=value}): the command line itself refuses options it does not know. */
        public Launch systemProperty(String name, Object value) {
            systemProperties.put(name, String.valueOf(value));
            return this;
        }

        /** These arguments after those given so far. */
        public Launch arguments(List<String> more) {
            arguments.addAll(more);
            return this;
        }

        public Launch arguments(String... more) {
            return arguments(List.of(more));
        }

        /** Variables set in the child's environment, besides what it inherits (less any SPRING_ variable). */
        public Launch environment(Map<String, String> variables) {
            environment.putAll(variables);
            return this;
        }

        /** A group of settings made elsewhere, such as a test's hooks. */
        public Launch with(Consumer<Launch> settings) {
            settings.accept(this);
            return this;
        }

        public ChildJvm start() {
            try {
                Path console = Files.createDirectories(workDir.resolve("console"));
                List<String> command = new ArrayList<>();
                command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                command.addAll(FAST_START);
                systemProperties.forEach((name, value) -> command.add("-D" + name + "=" + value));
                command.addAll(List.of("-cp", classpathFor(mainClass), mainClass.getName()));
                command.addAll(arguments);
                ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
                // the test's own environment must not point the child elsewhere (SPRING_DATASOURCE_URL, say)
                builder.environment().keySet().removeIf(name -> name.startsWith("SPRING_"));
                builder.environment().putAll(environment);
                int logAlreadyWritten = read(workDir.resolve(LOG_FILE)).length();
                // numbered per directory, so console/run-N.* of a migration read in the order of its runs
                synchronized (ChildJvm.class) {
                    String label;
                    try (Stream<Path> earlier = Files.list(console)) {
                        label = "run-" + (earlier.count() / 2 + 1);
                    }
                    Path out = console.resolve(label + ".stdout.txt");
                    Path err = console.resolve(label + ".stderr.txt");
                    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                    LIVE.add(process);
                    process.onExit().thenRun(() -> LIVE.remove(process));
                    return new ChildJvm(label, workDir, process, out, err, logAlreadyWritten);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Starts the run and waits for it to end. */
        public Finished run() {
            return start().awaitExit();
        }
    }

    /** Waits until this run's lines of the job's log show the text; fails if the process ends first. */
    public ChildJvm awaitLog(String text) {
        long deadline = System.nanoTime() + TIME_LIMIT.toNanos();
        Path log = workDir.resolve(LOG_FILE);
        while (System.nanoTime() < deadline) {
            if (read(log).indexOf(text, logAlreadyWritten) >= 0) {
                return this;
            }
            if (!process.isAlive()) {
                throw new AssertionError(label + " ended before its log showed \"" + text + "\"\n"
                        + finished(process.exitValue()));
            }
            pause(Duration.ofMillis(20));
        }
        throw new AssertionError(label + ": the log did not show \"" + text + "\" within " + TIME_LIMIT);
    }

    /** SIGTERM, as sent by cron, systemd or Kubernetes. */
    public ChildJvm terminate() {
        process.destroy();
        return this;
    }

    /** SIGKILL on Linux: no shutdown hook runs, database sessions just drop. */
    public ChildJvm kill() {
        process.destroyForcibly();
        return this;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Finished awaitExit() {
        try {
            if (!process.waitFor(TIME_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(label + " did not end within " + TIME_LIMIT + "\n" + finished(-1));
            }
            return finished(process.exitValue());
        } catch (InterruptedException e) {
            // the test is being abandoned: leave no child behind, nor one still writing in its directory
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException again) {
                // the child is being killed anyway
            }
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + label, e);
        }
    }

    private Finished finished(int exitCode) {
        return new Finished(label, exitCode, read(stdout), read(stderr).lines().toList(),
                Duration.ofNanos(System.nanoTime() - startedAt));
    }

    /** How a run ended: its exit code and what it wrote on the console. */
    public record Finished(String label, int exitCode, String stdout, List<String> stderrLines, Duration took) {

        @Override
        public String toString() {
            return label + ": exit " + exitCode + " after " + took.toMillis() + " ms\n--- stdout ---\n" + stdout
                    + "--- stderr ---\n" + String.join("\n", stderrLines);
        }
    }

    /** A file as it is now, "" if there is none yet. */
    public static String read(Path file) {
        try {
            // bytes, not readString: the last line may be half written, with half a character
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void pause(Duration duration) {
        try {
            Thread.sleep(Math.max(0, duration.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    // --- the child's classpath ----------------------------------------------------------------

    private static Path copies;
    /** Each class directory of the test JVM's classpath and its copy (for the test classes: by package). */
    private static final Map<Path, Path> COPY_OF = new HashMap<>();

    /**
     * The test JVM's classpath, its class directories replaced by copies taken on first use: other
     * work in the same working tree may recompile target/classes while a child runs. Of the test
     * classes the child gets the package of its main class only, and nothing when that is the
     * shipped one: the application scans its whole package tree, where other tests' configurations
     * (a {@code @TestConfiguration} with a {@code @Primary} gateway, say) must not change the job
     * under test, nor test resources its logging.
     */
    private static synchronized String classpathFor(Class<?> mainClass) throws IOException {
        Path testClasses = codeSource(ChildJvm.class);
        boolean mainIsATestClass = codeSource(mainClass).equals(testClasses);
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry).toAbsolutePath().normalize();
            if (!Files.isDirectory(path)) {
                entries.add(entry);
            } else if (!path.equals(testClasses)) {
                entries.add(copyOf(path, path).toString());
            } else if (mainIsATestClass) {
                Path thePackage = path.resolve(mainClass.getPackageName().replace('.', '/'));
                entries.add(copyOf(thePackage, path).toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** A copy of {@code tree}, in a directory that stands for {@code root} on a classpath. */
    private static Path copyOf(Path tree, Path root) throws IOException {
        Path copied = COPY_OF.get(tree);
        if (copied == null) {
            if (copies == null) {
                copies = Files.createTempDirectory("e4-upgrade-child-classes");
                Path toDelete = copies;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(toDelete), "child-classes-delete"));
            }
            copied = copies.resolve(COPY_OF.size() + "-" + root.getFileName());
            copyTree(tree, copied.resolve(root.relativize(tree).toString()));
            COPY_OF.put(tree, copied);
        }
        return copied;
    }

    private static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath().normalize();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
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
            // best effort: it is a temporary directory
        }
    }
}
