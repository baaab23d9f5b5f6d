package com.m365.e4upgrade.batch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * The names of the job parameters every stage reads. A migration is identified by the
 * content of the two files, the source plan and --dry-run (the identifying ones);
 * everything else may change between a failed run and the run that resumes it. No
 * incrementer: identical identifying parameters resume the same job instance. The command
 * line ({@code cli.MigrationOptions}) and the console both build them here, so the same
 * files are the same migration whichever started it.
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
     * The job parameters of one run of a migration: the identifying ones name it (the
     * files by content), the others may change between a stopped run and its resume.
     */
    public static JobParameters of(Path tenants, Path users, String sourceSku, boolean dryRun, Path output,
            int maxRejects, Locale locale, int chunkSize) throws IOException {
        return of(sha256(tenants), sha256(users), tenants, users, sourceSku, dryRun, output, maxRejects, locale,
                chunkSize);
    }

    /** The same, with the files' digests ({@link #sha256}) already computed. */
    public static JobParameters of(String tenantsDigest, String usersDigest, Path tenants, Path users, String sourceSku,
            boolean dryRun, Path output, int maxRejects, Locale locale, int chunkSize) {
        return new JobParametersBuilder().addString(TENANTS_DIGEST, tenantsDigest, true)
            .addString(USERS_DIGEST, usersDigest, true)
            .addString(SOURCE_SKU, sourceSku, true)
            .addString(DRY_RUN, Boolean.toString(dryRun), true)
            .addString(TENANTS_FILE, tenants.toAbsolutePath().toString(), false)
            .addString(USERS_FILE, users.toAbsolutePath().toString(), false)
            .addString(OUTPUT, output.toAbsolutePath().toString(), false)
            .addLong(MAX_REJECTS, (long) maxRejects, false)
            .addString(LOCALE, locale.toLanguageTag(), false)
            .addLong(CHUNK_SIZE, (long) chunkSize, false)
            .toJobParameters();
    }

    /**
     * The SHA-256 of a file's content, in lower-case hex: how a migration names a file.
     */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
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
