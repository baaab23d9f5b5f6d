package com.m365.e4upgrade.input;

import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Fails the run before any license moves when a file had more rejected rows than
 * --max-rejects. The limit is not part of the migration's identity, so the operator may
 * rerun with a higher one (or fixed files, which make a new migration).
 */
public class RejectLimitTasklet implements Tasklet {

    private final RejectRepository rejects;

    private final long migrationId;

    private final long maxRejects;

    public RejectLimitTasklet(RejectRepository rejects, long migrationId, long maxRejects) {
        this.rejects = rejects;
        this.migrationId = migrationId;
        this.maxRejects = maxRejects;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        for (String file : new String[] { TenantImportWriter.FILE_NAME, UserImportWriter.FILE_NAME }) {
            long count = rejects.count(migrationId, file);
            if (count > maxRejects) {
                throw new RejectLimitExceededException(file + ": " + count + " rejected rows, more than --max-rejects="
                        + maxRejects + "; no license was moved (see rejects.csv)");
            }
        }
        return RepeatStatus.FINISHED;
    }

    /** Its message is the one line the operator reads. */
    public static class RejectLimitExceededException extends RuntimeException {

        public RejectLimitExceededException(String message) {
            super(message);
        }

    }

}
