package com.m365.e4upgrade.job;

import com.m365.e4upgrade.cli.MigrationOptions;
import com.m365.e4upgrade.batch.MigrationParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.test.JobRepositoryTestUtils;
import org.springframework.jdbc.core.JdbcTemplate;

/** Test helper: the job parameters of a command line, and the reports a run wrote. */
public final class MigrationRun {

    public static final Path SAMPLES = Path.of("input-samples");

    private MigrationRun() {
    }

    /** Every test of a shared in-memory database starts from no migration at all. */
    public static void emptyDatabase(JobRepositoryTestUtils jobRepository, JdbcTemplate jdbc) {
        jobRepository.removeJobExecutions();
        for (String table : List.of("e4_reassignment", "e4_cancellation", "e4_reject", "e4_user", "e4_tenant")) {
            jdbc.update("DELETE FROM " + table);
        }
    }

    public static JobParameters parameters(Path tenants, Path users, Path output, String... extraOptions)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("--tenants=" + tenants, "--users=" + users, "--output=" + output));
        args.addAll(List.of(extraOptions));
        return MigrationOptions.parse(args.toArray(String[]::new)).toJobParameters();
    }

    public static JobParameters samples(Path output, String... extraOptions) throws Exception {
        return parameters(SAMPLES.resolve("tenants.csv"), SAMPLES.resolve("users.csv"), output, extraOptions);
    }

    /** The user_id of a user of the samples, read from users.csv. */
    public static String userIdIn(String tenantId, String userPrincipalName) {
        try {
            return Files.readAllLines(SAMPLES.resolve("users.csv"))
                .stream()
                .filter(line -> line.startsWith(tenantId + ",") && line.contains("," + userPrincipalName + ","))
                .map(line -> line.split(",")[1])
                .findFirst()
                .orElseThrow();
        }
        catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file);
    }

    public static List<String> expected(String folder, String report) throws IOException {
        return Files.readAllLines(Path.of("src/test/resources/expected", folder, report));
    }

}
