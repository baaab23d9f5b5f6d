package com.m365.e4upgrade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.m365.e4upgrade.E4UpgradeApplication;
import com.m365.e4upgrade.job.MigrationRun;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 12: a running job says how far it got, on standard output, and summary.json says
 * how long it took.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProgressFunctionalTests {

    /** {@code progress: <step> <done>/<total> <unit> (<pct>%) <rate>/s ETA <h:mm:ss>} */
    static final Pattern LINE = Pattern
        .compile("progress: (\\w+) (\\d+)/(\\d+) (\\w+) \\((\\d+)%\\) (\\d+)/s ETA (\\d+:\\d\\d:\\d\\d|-:--:--)");

    private static final Map<String, String> UNIT_OF_EACH_STEP = units();

    @TempDir
    private Path work;

    @Test
    void everyStepPrintsItsProgressFromStartToAHundredPercentAndNothingElseDoes(CapturedOutput console) {
        // given the samples and a progress line at least every 50 ms
        // when
        int exitCode = launch("--progress-interval=50ms");

        // then
        assertThat(exitCode).isZero();
        assertThat(console.getOut()).doesNotContain("\r");
        List<Progress> lines = progressLines(console.getOut());
        assertThat(lines).extracting(Progress::step)
            .as("the steps that report, in the order they ran")
            .containsSubsequence(UNIT_OF_EACH_STEP.keySet().toArray(String[]::new))
            .containsOnly(UNIT_OF_EACH_STEP.keySet().toArray(String[]::new));
        // the lines in between depend on how long a step takes: ProgressReporterTests
        // shows them
        UNIT_OF_EACH_STEP.forEach((step, unit) -> {
            List<Progress> ofStep = lines.stream().filter(line -> line.step().equals(step)).toList();
            assertThat(ofStep).as(step).hasSizeGreaterThanOrEqualTo(2).allSatisfy(line -> {
                assertThat(line.unit()).isEqualTo(unit);
                assertThat(line.total()).isEqualTo(ofStep.get(0).total()).isPositive();
                assertThat(line.percent()).isEqualTo(line.done() * 100 / line.total());
            });
            assertThat(ofStep).extracting(Progress::done).as(step + ": done never goes down").isSorted();
            Progress last = ofStep.get(ofStep.size() - 1);
            assertThat(last.done()).as(step + ": the end line").isEqualTo(last.total());
            assertThat(last.line()).contains("(100%)").endsWith("ETA 0:00:00");
        });
        assertThat(lines.stream().filter(line -> line.step().equals("importUsers")).toList().get(0).total())
            .as("users.csv, in bytes")
            .isEqualTo(MigrationRun.SAMPLES.resolve("users.csv").toFile().length());
        assertThat(lines.stream().filter(line -> line.step().equals("reassign")).toList().get(0).total())
            .as("every user planned, skipped ones included")
            .isEqualTo(47);
    }

    @Test
    void theSummaryGivesTheRunsAndEachStepsTimesCountsAndRates(CapturedOutput console) throws Exception {
        // when
        int exitCode = launch();

        // then the summary's earlier keys are all there, and the timings beside them
        assertThat(exitCode).isZero();
        JsonNode summary = JsonMapper.builder().build().readTree(work.resolve("out/summary.json").toFile());
        assertThat(summary.propertyNames()).contains("jobExecutionId", "migrationId", "status", "dryRun",
                "tenantsByVerdict", "usersByStatus", "cancellationsByStatus", "rejectedRows", "rejectedRowsByFile",
                "timings");
        JsonNode timings = summary.get("timings");
        assertThat(timings.get("start").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*");
        assertThat(timings.get("end").asString()).isGreaterThanOrEqualTo(timings.get("start").asString());
        assertThat(timings.get("durationSeconds").asDouble()).isPositive();
        assertThat(timings.get("usersMovedPerSecond").asDouble()).isPositive();
        Map<String, JsonNode> steps = new LinkedHashMap<>();
        timings.get("steps").forEach(step -> steps.put(step.get("name").asString(), step));
        assertThat(steps.keySet()).startsWith("importTenants", "importUsers", "rejectsReport", "checkRejects",
                "eligibility", "plan", "reassign", "cancel");
        assertThat(steps.keySet()).as("a partitioned step counts once").noneMatch(name -> name.contains(":"));
        JsonNode reassign = steps.get("reassign");
        assertThat(reassign.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(reassign.get("durationSeconds").asDouble()).isPositive();
        assertThat(reassign.get("writeCount").asLong()).as("write batches").isEqualTo(9);
        assertThat(reassign.get("itemsPerSecond").asDouble()).isPositive();
        assertThat(reassign.get("unit").asString()).isEqualTo("users");
        assertThat(reassign.get("done").asLong()).as("the users moved").isEqualTo(43);
        assertThat(timings.get("usersMovedPerSecond").asDouble()).isEqualTo(reassign.get("unitsPerSecond").asDouble());
        assertThat(steps.get("plan").get("unit").asString()).isEqualTo("users");
        assertThat(steps.get("plan").get("done").asLong()).as("the users planned, skipped ones included").isEqualTo(47);
        assertThat(console.getOut()).containsPattern("\n  Duration +\\d+:\\d\\d:\\d\\d\r?\n");
    }

    private int launch(String... options) {
        List<String> args = new java.util.ArrayList<>(
                List.of("--tenants=" + MigrationRun.SAMPLES.resolve("tenants.csv"),
                        "--users=" + MigrationRun.SAMPLES.resolve("users.csv"), "--output=" + work.resolve("out"),
                        "--spring.datasource.url=jdbc:h2:file:" + work.resolve("db/e4-upgrade"),
                        "--logging.file.name=" + work.resolve("logs/e4-upgrade.log")));
        args.addAll(List.of(options));
        return new MigrationLauncher(E4UpgradeApplication.class, System.out, System.err)
            .run(args.toArray(String[]::new));
    }

    /** Every progress line, each in exactly the form of the issue. */
    static List<Progress> progressLines(String out) {
        List<String> lines = out.lines().filter(line -> line.startsWith("progress")).toList();
        assertThat(lines).isNotEmpty().allMatch(line -> LINE.matcher(line).matches(), "in the form " + LINE);
        return lines.stream().map(Progress::parse).toList();
    }

    record Progress(String line, String step, long done, long total, String unit, long percent) {

        static Progress parse(String line) {
            Matcher matcher = LINE.matcher(line);
            assertThat(matcher.matches()).isTrue();
            return new Progress(line, matcher.group(1), Long.parseLong(matcher.group(2)),
                    Long.parseLong(matcher.group(3)), matcher.group(4), Long.parseLong(matcher.group(5)));
        }

    }

    private static Map<String, String> units() {
        Map<String, String> units = new LinkedHashMap<>();
        units.put("importTenants", "bytes");
        units.put("importUsers", "bytes");
        units.put("eligibility", "tenants");
        units.put("plan", "users");
        units.put("reassign", "users");
        units.put("cancel", "tenants");
        return units;
    }

}
