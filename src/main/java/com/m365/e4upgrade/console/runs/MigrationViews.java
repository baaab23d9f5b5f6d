package com.m365.e4upgrade.console.runs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.m365.e4upgrade.batch.MigrationParameters;
import com.m365.e4upgrade.batch.ProgressReporter;
import com.m365.e4upgrade.reports.MigrationSummary;
import com.m365.e4upgrade.reassignment.Reassignment;
import com.m365.e4upgrade.reports.SummaryQueries;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * Reads a migration as the console shows it, from the job repository (every migration of
 * the database, the command line's too), the migration tables and, for the run this
 * console has going, the steps' live progress.
 */
public class MigrationViews {

    /** The five files a migration's output folder may hold; no other name is served. */
    public static final List<String> REPORTS = List.of("eligibility.csv", "reassignments.csv", "cancellations.csv",
            "rejects.csv", "summary.json");

    /**
     * The job's steps in the order they run (the reassign step's partitions report as
     * it).
     */
    static final List<String> STEPS = List.of("importTenants", "importUsers", "rejectsReport", "checkRejects",
            "eligibility", "plan", "reassign", "cancel", "eligibilityReport", "reassignmentsReport",
            "cancellationsReport");

    private final JobRepository repository;

    private final Job job;

    private final ProgressReporter progress;

    private final SummaryQueries summaries;

    private final MigrationQueries queries;

    private final ConsoleRepository console;

    private final MigrationRuns runs;

    public MigrationViews(JobRepository repository, Job job, ProgressReporter progress, SummaryQueries summaries,
            MigrationQueries queries, ConsoleRepository console, MigrationRuns runs) {
        this.repository = repository;
        this.job = job;
        this.progress = progress;
        this.summaries = summaries;
        this.queries = queries;
        this.console = console;
        this.runs = runs;
    }

    /** Every migration of the database, the newest first. */
    public List<MigrationView.Item> list() {
        Map<Long, String> startedBy = console.startedBy();
        List<MigrationView.Item> items = new ArrayList<>();
        for (JobInstance instance : repository.getJobInstances(job.getName(), 0, 1000)) {
            JobExecution last = repository.getLastJobExecution(instance);
            if (last != null) {
                items.add(item(instance, last, startedBy));
            }
        }
        items.sort(Comparator.comparingLong(MigrationView.Item::id).reversed());
        return items;
    }

    public MigrationView.Detail detail(long migrationId) {
        JobInstance instance = repository.getJobInstance(migrationId);
        JobExecution last = instance == null ? null : repository.getLastJobExecution(instance);
        if (last == null) {
            throw ConsoleProblem.notFound("no migration " + migrationId);
        }
        MigrationView.Item item = item(instance, last, console.startedBy());
        MigrationSummary summary = summaries.summarize(last.getId(), migrationId, last.getStatus().name(),
                item.dryRun());
        String exit = last.getStatus() == BatchStatus.COMPLETED || last.getStatus().isRunning() ? null
                : last.getStatus() == BatchStatus.STOPPED
                        ? "stopped at a chunk boundary (the audit trail says why); resume carries on from there"
                        : last.getExitStatus().getExitDescription();
        List<String> reports = REPORTS.stream()
            .filter(name -> Files.isRegularFile(output(last).resolve(name)))
            .toList();
        return new MigrationView.Detail(item, steps(instance, last), summary,
                exit == null || exit.isBlank() ? null : exit.lines().findFirst().orElse(exit),
                console.auditTrail(migrationId), reports);
    }

    /**
     * The report of that name in the migration's output folder, if it is one of the five
     * and there.
     */
    public Optional<Path> report(long migrationId, String name) {
        if (!REPORTS.contains(name)) {
            return Optional.empty();
        }
        JobInstance instance = repository.getJobInstance(migrationId);
        JobExecution last = instance == null ? null : repository.getLastJobExecution(instance);
        if (last == null) {
            return Optional.empty();
        }
        Path file = output(last).resolve(name);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** The parameters of the migration's last run: its files, source plan, locale. */
    public JobParameters parameters(long migrationId) {
        JobInstance instance = repository.getJobInstance(migrationId);
        JobExecution last = instance == null ? null : repository.getLastJobExecution(instance);
        if (last == null) {
            throw ConsoleProblem.notFound("no migration " + migrationId);
        }
        return last.getJobParameters();
    }

    private static Path output(JobExecution execution) {
        return Path.of(execution.getJobParameters().getString(MigrationParameters.OUTPUT));
    }

    private MigrationView.Item item(JobInstance instance, JobExecution last, Map<Long, String> startedBy) {
        JobParameters parameters = last.getJobParameters();
        long id = instance.getInstanceId();
        boolean dryRun = Boolean.parseBoolean(parameters.getString(MigrationParameters.DRY_RUN));
        // a dry run stores no moves: none moved of the users its plan does not skip
        MigrationQueries.Moved moved = dryRun ? new MigrationQueries.Moved(0,
                summaries.plannedByTheTenants(id).get(Reassignment.Status.PLANNED.name())) : queries.moved(id);
        boolean runningHere = runs.running().filter(run -> run.migrationId() == id).isPresent();
        int percent = last.getStatus() == BatchStatus.COMPLETED ? 100 : overall(steps(instance, last), moved);
        return new MigrationView.Item(id, last.getId(), last.getStatus().name(), dryRun,
                parameters.getString(MigrationParameters.SOURCE_SKU),
                fileName(parameters, MigrationParameters.TENANTS_DIGEST, MigrationParameters.TENANTS_FILE),
                fileName(parameters, MigrationParameters.USERS_DIGEST, MigrationParameters.USERS_FILE), moved.moved(),
                moved.toMove(), percent, firstStart(instance), last.getEndTime(),
                startedBy.getOrDefault(id, "command line"), runningHere);
    }

    /**
     * How far the migration got, never going back while it runs: each step counts the
     * same, a done step whole, the running one as far as its progress (or, for the
     * reassign step of a run this console does not hold, its users moved of users to
     * move).
     */
    private static int overall(List<MigrationView.Step> steps, MigrationQueries.Moved moved) {
        double done = 0;
        for (MigrationView.Step step : steps) {
            if (step.status().equals("COMPLETED")) {
                done += 1;
            }
            else if (step.unit() != null) {
                done += step.percent() / 100.0;
            }
            else if (step.name().equals("reassign") && moved.toMove() > 0) {
                done += (double) moved.moved() / moved.toMove();
            }
        }
        return steps.isEmpty() ? 0 : (int) Math.min(99, Math.floor(done * 100 / steps.size()));
    }

    /** An upload by the name it had; a command-line run's file by its path. */
    private String fileName(JobParameters parameters, String digest, String file) {
        return console.uploadName(parameters.getString(digest)).orElse(parameters.getString(file));
    }

    private java.time.LocalDateTime firstStart(JobInstance instance) {
        return repository.getJobExecutions(instance)
            .stream()
            .map(JobExecution::getStartTime)
            .filter(java.util.Objects::nonNull)
            .min(Comparator.naturalOrder())
            .orElse(null);
    }

    /**
     * Each step's last execution over every run of the migration (a resumed run skips the
     * steps done).
     */
    private Map<String, StepExecution> latestSteps(JobInstance instance) {
        Map<String, StepExecution> latest = new LinkedHashMap<>();
        repository.getJobExecutions(instance)
            .stream()
            .sorted(Comparator.comparingLong(JobExecution::getId))
            .flatMap(execution -> execution.getStepExecutions()
                .stream()
                .sorted(Comparator.comparingLong(StepExecution::getId)))
            .filter(step -> STEPS.contains(step.getStepName()))
            .forEach(step -> latest.put(step.getStepName(), step));
        return latest;
    }

    private List<MigrationView.Step> steps(JobInstance instance, JobExecution last) {
        Map<String, StepExecution> latest = latestSteps(instance);
        Map<String, ProgressReporter.Snapshot> live = new LinkedHashMap<>();
        repository.getJobExecutions(instance)
            .stream()
            .sorted(Comparator.comparingLong(JobExecution::getId))
            .flatMap(execution -> progress.snapshotsOf(execution.getId()).stream())
            .forEach(snapshot -> live.put(snapshot.step(), snapshot));
        boolean dryRun = Boolean.parseBoolean(last.getJobParameters().getString(MigrationParameters.DRY_RUN));
        List<MigrationView.Step> steps = new ArrayList<>();
        for (String name : STEPS) {
            // a dry run moves nothing, and stores no plan since version 9 (one made
            // before
            // has its plan step)
            if (dryRun && (name.equals("reassign") || name.equals("plan") && !latest.containsKey(name))) {
                continue;
            }
            StepExecution execution = latest.get(name);
            ProgressReporter.Snapshot snapshot = live.get(name);
            if (snapshot != null && execution != null && snapshot.stepExecutionId() != execution.getId()) {
                snapshot = null;
            }
            steps.add(StepViews.of(name, execution, snapshot));
        }
        return steps;
    }

}
