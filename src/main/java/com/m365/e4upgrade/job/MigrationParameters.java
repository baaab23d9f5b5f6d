package com.m365.e4upgrade.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * The job parameters of a run. A migration is identified by the content of the two files, the
 * source plan and --dry-run; everything else may change between a failed run and the run that
 * resumes it. No incrementer: identical identifying parameters resume the same job instance.
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

    public static JobParameters of(MigrationOptions options) throws IOException {
        return new JobParametersBuilder()
                .addString(TENANTS_DIGEST, sha256(options.tenants()), true)
                .addString(USERS_DIGEST, sha256(options.users()), true)
                .addString(SOURCE_SKU, options.sourceSku(), true)
                .addString(DRY_RUN, Boolean.toString(options.dryRun()), true)
                .addString(TENANTS_FILE, options.tenants().toAbsolutePath().toString(), false)
                .addString(USERS_FILE, options.users().toAbsolutePath().toString(), false)
                .addString(OUTPUT, options.output().toAbsolutePath().toString(), false)
                .addLong(MAX_REJECTS, (long) options.maxRejects(), false)
                .addString(LOCALE, options.locale().toLanguageTag(), false)
                .addLong(CHUNK_SIZE, (long) options.chunkSize(), false)
                .toJobParameters();
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
