package com.m365.e4upgrade.batch;

/**
 * The names of the job parameters every stage reads. A migration is identified by the
 * content of the two files, the source plan and --dry-run (the identifying ones);
 * everything else may change between a failed run and the run that resumes it. No
 * incrementer: identical identifying parameters resume the same job instance. The command
 * line builds them ({@code cli.MigrationOptions}).
 */
public final class MigrationParameters {

    public static final String TENANTS_DIGEST = "tenants.sha256";

    public static final String USERS_DIGEST = "users.sha256";

    public static final String SOURCE_SKU = "source.sku";

    public static final String DRY_RUN = "dry.run";

    public static final String TENANTS_FILE = "tenants.file";

    public static final String USERS_FILE = "users.file";

    public static final String OUTPUT = "output";

    public static final String MAX_REJECTS = "max.rejects";

    public static final String LOCALE = "locale";

    public static final String CHUNK_SIZE = "chunk.size";

    private MigrationParameters() {
    }

    /**
     * The same, as expressions a step-scoped bean reads with
     * {@code @Value(Expr.TENANTS_FILE)}.
     */
    public static final class Expr {

        /** The migration the step belongs to: its job instance. */
        public static final String MIGRATION_ID = "#{stepExecution.jobExecution.jobInstanceId}";

        public static final String TENANTS_FILE = "#{jobParameters['" + MigrationParameters.TENANTS_FILE + "']}";

        public static final String USERS_FILE = "#{jobParameters['" + MigrationParameters.USERS_FILE + "']}";

        public static final String SOURCE_SKU = "#{jobParameters['" + MigrationParameters.SOURCE_SKU + "']}";

        public static final String DRY_RUN = "#{jobParameters['" + MigrationParameters.DRY_RUN + "']}";

        public static final String OUTPUT = "#{jobParameters['" + MigrationParameters.OUTPUT + "']}";

        public static final String MAX_REJECTS = "#{jobParameters['" + MigrationParameters.MAX_REJECTS + "']}";

        public static final String LOCALE = "#{jobParameters['" + MigrationParameters.LOCALE + "']}";

        public static final String CHUNK_SIZE = "#{jobParameters['" + MigrationParameters.CHUNK_SIZE + "']}";

        private Expr() {
        }

    }

}
