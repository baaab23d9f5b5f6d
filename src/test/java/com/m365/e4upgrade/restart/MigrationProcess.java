package com.m365.e4upgrade.restart;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.m365.e4upgrade.E4UpgradeApplication;

/**
 * One invocation of the job's command, in a child JVM whose working directory is the migration's
 * own directory: the default H2 file (./data/e4-upgrade), ./logs and the input files live there,
 * so every test has a database of its own and "the same command" is literally the same.
 */
final class MigrationProcess {

    /** The command every test runs, and runs again. */
    static final List<String> THE_COMMAND = List.of(
            "--tenants=" + MigrationFiles.TENANTS, "--users=" + MigrationFiles.USERS, "--output=out");

    static final String LOG_FILE = "logs/e4-upgrade.log";

    private static final Duration TIME_LIMIT = Duration.ofSeconds(150);
    private static final List<String> FAST_START = List.of(
            "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:+UseSerialGC");

    private static volatile String classpath = System.getProperty("java.class.path");

    private final String label;
    private final Path workDir;
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final long startedAt = System.nanoTime();

    private MigrationProcess(String label, Path workDir, Process process, Path stdout, Path stderr) {
        this.label = label;
        this.workDir = workDir;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Child JVMs load the application from a copy of the compiled classes taken now: other work in
     * the same working tree may recompile target/classes while a child runs. Of the test classes
     * they get this package only: the application scans its whole package tree, where other tests'
     * configurations (a {@code @TestConfiguration} with a {@code @Primary} gateway, say) must not
     * change the job under test, nor test resources its logging.
     */
    static synchronized void runFromACopyOfTheClassesIn(Path directory) throws IOException {
        Path testClasses = codeSource(MigrationProcess.class);
        String thisPackage = MigrationProcess.class.getPackageName().replace('.', '/');
        List<String> entries = new ArrayList<>();
        int copies = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path)) {
                Path copy = directory.resolve(copies++ + "-" + path.getFileName());
                if (path.toAbsolutePath().normalize().equals(testClasses)) {
                    copyTree(path.resolve(thisPackage), copy.resolve(thisPackage));
                } else {
                    copyTree(path, copy);
                }
                entries.add(copy.toString());
            } else {
                entries.add(entry);
            }
        }
        classpath = String.join(File.pathSeparator, entries);
    }

    private static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath().normalize();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Launch in(Path workDir) {
        return new Launch(workDir);
    }

    /** A child JVM to start: the shipped main class unless told otherwise. */
    static final class Launch {

        private final Path workDir;
        private String mainClass = E4UpgradeApplication.class.getName();
        private final Map<String, String> systemProperties = new TreeMap<>();
        private List<String> arguments = THE_COMMAND;

        private Launch(Path workDir) {
            this.workDir = workDir;
        }

        /** The job with the test's crash points, which stay inert unless asked for. */
        Launch withCrashPoints() {
            mainClass = CrashingE4UpgradeApplication.class.getName();
            return this;
        }

        Launch haltingInside(String step, int chunk) {
            return withCrashPoints().property("crash.step", step).property("crash.when", "inside")
                    .property("crash.chunk", chunk);
        }

        Launch haltingAfterCommitOf(String step, int chunk) {
            return withCrashPoints().property("crash.step", step).property("crash.when", "boundary")
                    .property("crash.chunk", chunk);
        }

        /** Every chunk of the step takes this much longer. */
        Launch slowing(String step, Duration perChunk) {
            return withCrashPoints().property("slow.step", step).property("slow.millis", perChunk.toMillis());
        }

        /** The step's first chunk waits until the file exists. */
        Launch holding(String step, Path untilThisFileExists) {
            return withCrashPoints().property("hold.step", step)
                    .property("hold.until", untilThisFileExists.toAbsolutePath());
        }

        Launch property(String name, Object value) {
            systemProperties.put(name, String.valueOf(value));
            return this;
        }

        Launch arguments(List<String> commandLine) {
            this.arguments = List.copyOf(commandLine);
            return this;
        }

        /** These arguments after the command's own (the command as shipped unless told otherwise). */
        Launch alsoWith(String... moreArguments) {
            List<String> commandLine = new ArrayList<>(arguments);
            commandLine.addAll(List.of(moreArguments));
            return arguments(commandLine);
        }

        MigrationProcess start() {
            try {
                Path console = Files.createDirectories(workDir.resolve("console"));
                String label;
                try (Stream<Path> earlier = Files.list(console)) {
                    label = "run-" + (earlier.count() / 2 + 1);
                }
                List<String> command = new ArrayList<>();
                command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                command.addAll(FAST_START);
                systemProperties.forEach((name, value) -> command.add("-D" + name + "=" + value));
                command.addAll(List.of("-cp", classpath, mainClass));
                command.addAll(arguments);
                Path out = console.resolve(label + ".stdout.txt");
                Path err = console.resolve(label + ".stderr.txt");
                Process process = new ProcessBuilder(command)
                        .directory(workDir.toFile())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
                return new MigrationProcess(label, workDir, process, out, err);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Starts the command and waits for it to end. */
        Finished run() {
            return start().awaitExit();
        }
    }

    /** Waits until the job's log file shows the text; fails if the process ends first. */
    MigrationProcess awaitLog(String text) {
        long deadline = System.nanoTime() + TIME_LIMIT.toNanos();
        Path log = workDir.resolve(LOG_FILE);
        while (System.nanoTime() < deadline) {
            if (logContains(log, text)) {
                return this;
            }
            if (!process.isAlive()) {
                throw new AssertionError(label + " ended (exit " + process.exitValue() + ") before its log showed \""
                        + text + "\"\n" + finished(process.exitValue()));
            }
            pause(Duration.ofMillis(10));
        }
        throw new AssertionError(label + ": the log did not show \"" + text + "\" within " + TIME_LIMIT);
    }

    /** SIGTERM, as sent by cron, systemd or Kubernetes. */
    MigrationProcess terminate() {
        process.destroy();
        return this;
    }

    /** SIGKILL on Linux: no shutdown hook runs. */
    MigrationProcess kill() {
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
    record Finished(String label, int exitCode, String stdout, List<String> stderrLines, Duration took) {

        @Override
        public String toString() {
            return label + ": exit " + exitCode + " after " + took.toMillis() + " ms\n--- stdout ---\n" + stdout
                    + "--- stderr ---\n" + String.join("\n", stderrLines);
        }
    }

    private static boolean logContains(Path log, String text) {
        try {
            // bytes, not readString: the last line may be half written, with half a character
            return Files.exists(log) && new String(Files.readAllBytes(log), StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
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
}
