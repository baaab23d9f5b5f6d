package com.m365.e4upgrade.job;

import com.m365.e4upgrade.batch.H2Files;
import com.m365.e4upgrade.reports.SummaryListener;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The E4 upgrade job: Microsoft's manual upgrade procedure, for many tenants at once.
 * This class holds only the flow; each stage wires its steps next to its code
 * ({@code input}, {@code eligibility}, {@code reassignment}, {@code cancellation},
 * {@code reports}).
 *
 * <pre>
 * importTenants → importUsers → rejectsReport → checkRejects → eligibility ─┬─ plan → reassign ─┬→ cancel
 *                                                                           └──── (dry run) ─────┘
 *     → eligibilityReport → reassignmentsReport → cancellationsReport   (+ summary.json, whatever the outcome)
 * </pre>
 *
 * Every chunk commits its business rows and the step's metadata in one transaction of the
 * one DataSource, so a run that dies resumes after its last committed chunk.
 */
@Configuration(proxyBeanMethods = false)
public class E4UpgradeJobConfiguration {

    public static final String JOB_NAME = "e4UpgradeJob";

    /**
     * Primary: the migration is the job the command line and the tests mean when they
     * name none (the rollback and the inventory are jobs of their own).
     */
    @Bean
    @Primary
    public Job e4UpgradeJob(JobRepository jobRepository, Step importTenants, Step importUsers, Step rejectsReport,
            Step checkRejects, Step eligibility, Step plan, Step reassign, Step cancel, Step eligibilityReport,
            Step reassignmentsReport, Step cancellationsReport, SummaryListener summaryListener,
            RunSnapshotWriter runSnapshotWriter) {
        DryRunDecider dryRun = new DryRunDecider();
        return new JobBuilder(JOB_NAME, jobRepository).start(importTenants)
            .next(importUsers)
            // the rejects are all known once both files are read, and they are what the
            // operator
            // must read when the run stops at --max-rejects: written before that check
            .next(rejectsReport)
            .next(checkRejects)
            .next(eligibility)
            .next(dryRun)
            // a dry run stores no moves: its plan is reassignments.csv, written by its
            // report
            .on(DryRunDecider.DRY_RUN.getName())
            .to(cancel)
            .from(dryRun)
            .on(DryRunDecider.MOVE.getName())
            .to(plan)
            .next(reassign)
            .next(cancel)
            .from(cancel)
            .next(eligibilityReport)
            .next(reassignmentsReport)
            .next(cancellationsReport)
            .end()
            .listener(summaryListener)
            .listener(runSnapshotWriter)
            .build();
    }

    /**
     * The run's progress beside its H2 file, for the status command (nothing on
     * PostgreSQL, where the status command reads the tables while the run goes).
     */
    @Bean
    public RunSnapshotWriter runSnapshotWriter(@Value("${spring.datasource.url:}") String url) {
        return new RunSnapshotWriter(H2Files.database(url).map(H2Files::statusFile).orElse(null));
    }

}
