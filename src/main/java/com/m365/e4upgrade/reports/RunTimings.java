package com.m365.e4upgrade.reports;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.m365.e4upgrade.batch.ProgressReporter.StepOutcome;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/**
 * When the run and each of its steps started and ended (ISO-8601 with the offset, and
 * seconds), the items each step read and wrote and at what rate, and the users moved per
 * second. Only this run: a resumed migration's earlier runs have their own summary.
 *
 * @param start when the run started
 * @param end when it ended
 * @param durationSeconds the difference
 * @param usersMovedPerSecond users the reassign step moved in this run per second of it,
 * or null when it did not run
 * @param steps each step the run executed (a partitioned step as one), in order
 */
public record RunTimings(String start, String end, double durationSeconds,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double usersMovedPerSecond, List<StepTiming> steps) {

    /** The step that moves the licenses, whose rate is the users moved per second. */
    static final String REASSIGN_STEP = "reassign";

    /**
     * One step of the run.
     *
     * @param unit what its progress counted (bytes, tenants, users), or null
     * @param done how many of them this run did, or null
     * @param unitsPerSecond the same per second, or null
     */
    public record StepTiming(String name, String status, String start, String end, double durationSeconds,
            long readCount, long writeCount, double itemsPerSecond,
            @JsonInclude(JsonInclude.Include.NON_NULL) String unit,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long done,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double unitsPerSecond) {
    }

    /**
     * @param outcomes what each step execution reported of its progress, if it did
     */
    public static RunTimings of(JobExecution execution, Function<StepExecution, Optional<StepOutcome>> outcomes) {
        LocalDateTime now = LocalDateTime.now();
        LocalDateTime start = orElse(execution.getStartTime(), execution.getCreateTime(), now);
        LocalDateTime end = orElse(execution.getEndTime(), now, now);
        List<StepTiming> steps = execution.getStepExecutions()
            .stream()
            // a partition's name is its manager's, a colon and its own
            .filter(step -> !step.getStepName().contains(":"))
            .sorted(Comparator.comparing(StepExecution::getId))
            .map(step -> timing(step, outcomes.apply(step), now))
            .toList();
        Double usersMoved = steps.stream()
            .filter(step -> step.name().equals(REASSIGN_STEP) && step.unitsPerSecond() != null)
            .map(StepTiming::unitsPerSecond)
            .findFirst()
            .orElse(null);
        return new RunTimings(iso(start), iso(end), seconds(start, end), usersMoved, steps);
    }

    private static StepTiming timing(StepExecution step, Optional<StepOutcome> outcome, LocalDateTime now) {
        LocalDateTime start = orElse(step.getStartTime(), step.getCreateTime(), now);
        LocalDateTime end = orElse(step.getEndTime(), now, now);
        double seconds = seconds(start, end);
        return new StepTiming(step.getStepName(), step.getStatus().name(), iso(start), iso(end), seconds,
                step.getReadCount(), step.getWriteCount(), perSecond(step.getWriteCount(), seconds),
                outcome.map(StepOutcome::unit).orElse(null), outcome.map(StepOutcome::doneInRun).orElse(null),
                outcome.map(done -> perSecond(done.doneInRun(), seconds)).orElse(null));
    }

    /** The run's duration as the console shows it: h:mm:ss. */
    public String duration() {
        long whole = (long) durationSeconds;
        return String.format("%d:%02d:%02d", whole / 3600, (whole % 3600) / 60, whole % 60);
    }

    private static double perSecond(long count, double seconds) {
        return seconds > 0 ? round(count / seconds) : 0;
    }

    private static double seconds(LocalDateTime start, LocalDateTime end) {
        return round(Math.max(0, Duration.between(start, end).toNanos()) / 1e9);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static String iso(LocalDateTime time) {
        return time.atZone(ZoneId.systemDefault()).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private static LocalDateTime orElse(LocalDateTime time, LocalDateTime otherwise, LocalDateTime last) {
        return time != null ? time : otherwise != null ? otherwise : last;
    }

}
