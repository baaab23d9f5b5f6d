package com.m365.e4upgrade.restart;

import static com.m365.e4upgrade.restart.Hooks.slowing;
import static com.m365.e4upgrade.testsupport.MigrationFiles.THE_COMMAND;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.m365.e4upgrade.cli.ExitCode;
import com.m365.e4upgrade.testsupport.ChildJvm;
import com.m365.e4upgrade.testsupport.ChildJvm.Finished;
import com.m365.e4upgrade.testsupport.MigrationFiles;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: a resumed step's progress counts what the earlier runs did, so its first line
 * carries on from where the stopped run's last line left off.
 */
class ResumedProgressFunctionalTests {

    private static final Pattern REASSIGN_LINE = Pattern
        .compile("progress: reassign (\\d+)/(\\d+) users \\((\\d+)%\\) \\d+/s ETA (\\d+:\\d\\d:\\d\\d|-:--:--)");

    @Test
    void aRunStoppedWhileMovingLicensesIsResumedFromTheCountItReached(@TempDir Path migration) {
        // given a run stopped by --stop-at while it moves licenses (the window is set
        // when
        // the application starts, which takes a while on a busy machine: not sooner)
        MigrationFiles.sixtyTenantsOfTwentyFiveUsers().writeTo(migration);
        String stopAt = LocalTime.now()
            .plusSeconds(26)
            .truncatedTo(ChronoUnit.SECONDS)
            .format(DateTimeFormatter.ISO_LOCAL_TIME);
        List<String> withStopAt = new ArrayList<>(THE_COMMAND);
        withStopAt.add("--stop-at=" + stopAt);
        withStopAt.add("--progress-interval=1s");
        Finished stopped = ChildJvm.in(migration)
            .with(slowing("reassign", Duration.ofMillis(300)))
            .arguments(withStopAt)
            .run();

        // when the same command is run again
        Finished resumed = ChildJvm.in(migration).arguments(THE_COMMAND).run();

        // then
        assertThat(stopped.exitCode()).as("the stopped run: %s", stopped).isEqualTo(ExitCode.STOPPED.code());
        assertThat(resumed.exitCode()).as("the resumed run: %s", resumed).isEqualTo(ExitCode.COMPLETED.code());
        List<long[]> before = reassignLines(stopped.stdout());
        List<long[]> after = reassignLines(resumed.stdout());
        assertThat(before).as("the stopped run's reassign lines:%n%s", stopped.stdout()).hasSizeGreaterThan(1);
        long startedAt = before.get(0)[0];
        long stoppedAt = before.get(before.size() - 1)[0];
        assertThat(stoppedAt).as("users moved before the stop").isGreaterThan(startedAt);
        assertThat(before.get(before.size() - 1)[1]).as("not all of them").isGreaterThan(stoppedAt);
        assertThat(after).as("the resumed run's reassign lines:%n%s", resumed.stdout()).isNotEmpty();
        assertThat(after.get(0)[0]).as("the resumed run's first line counts the moves of the stopped run")
            .isPositive()
            .isEqualTo(stoppedAt);
        assertThat(after.get(after.size() - 1)[0]).as("and ends with all of them")
            .isEqualTo(after.get(0)[1])
            .isEqualTo(before.get(0)[1]);
        assertThat(resumed.stdout()).as("steps the stopped run completed do not run again, nor report")
            .doesNotContain("progress: importTenants", "progress: importUsers", "progress: eligibility",
                    "progress: plan");
    }

    /** Done and total of each reassign line. */
    private static List<long[]> reassignLines(String stdout) {
        return stdout.lines().filter(line -> line.startsWith("progress: reassign ")).map(line -> {
            Matcher matcher = REASSIGN_LINE.matcher(line);
            assertThat(matcher.matches()).as(line).isTrue();
            return new long[] { Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)) };
        }).toList();
    }

}
