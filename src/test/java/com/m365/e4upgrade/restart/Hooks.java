package com.m365.e4upgrade.restart;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

import com.m365.e4upgrade.testsupport.ChildJvm;

/**
 * A child JVM running the job with the hooks of {@link CrashPointConfiguration}: its main
 * class and the system properties that turn one hook on. Kept apart from the hooks
 * themselves: the child loads those, and has no test-support class to load.
 */
public final class Hooks {

    private Hooks() {
    }

    /**
     * Halted as by kill -9 inside the N-th chunk of the step, after its writer ran,
     * before its commit.
     */
    public static Consumer<ChildJvm.Launch> haltingInside(String step, int chunk) {
        return crashing(step, "inside", chunk);
    }

    /** Halted as by kill -9 right after the N-th chunk of the step committed. */
    public static Consumer<ChildJvm.Launch> haltingAfterCommitOf(String step, int chunk) {
        return crashing(step, "boundary", chunk);
    }

    /**
     * Every chunk of the step takes this much longer, one at a time over the partitions.
     */
    public static Consumer<ChildJvm.Launch> slowing(String step, Duration perChunk) {
        return launch -> hooked(launch).systemProperty("slow.step", step)
            .systemProperty("slow.millis", perChunk.toMillis());
    }

    /**
     * The step's first chunk waits, before its commit, until the file exists; it logs
     * {@link CrashPointConfiguration#HOLDING} first.
     */
    public static Consumer<ChildJvm.Launch> holding(String step, Path untilThisFileExists) {
        return launch -> hooked(launch).systemProperty("hold.step", step)
            .systemProperty("hold.until", untilThisFileExists.toAbsolutePath());
    }

    private static Consumer<ChildJvm.Launch> crashing(String step, String when, int chunk) {
        return launch -> hooked(launch).systemProperty("crash.step", step)
            .systemProperty("crash.when", when)
            .systemProperty("crash.chunk", chunk);
    }

    private static ChildJvm.Launch hooked(ChildJvm.Launch launch) {
        return launch.mainClass(CrashingE4UpgradeApplication.class);
    }

}
