package com.m365.e4upgrade.testsupport;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * What a completed migration of generated input files must show, as the generator knows it: the
 * counts always, and row by row where it keeps every row ({@link MigrationFiles}) rather than only
 * counting them ({@code expected.properties} of the benchmark's generator, for a million users).
 * Generated files are valid: nothing of them is rejected.
 *
 * @param tenantsByVerdict every verdict of the contract, with 0 for those no tenant gets
 * @param users the rows of users.csv, all imported
 * @param reassigned the source-plan holders of migrating tenants that move
 * @param skipped those the per-user rules skip
 * @param writeBatches each migrating tenant's moving users, in batches of at most 20
 * @param cancelled the migrating tenants whose every source-plan holder moves
 * @param kept the other migrating tenants
 * @param rows the rows themselves, or null when only the counts are known
 */
public record Expected(Map<String, Long> tenantsByVerdict, long users, long reassigned, long skipped, long writeBatches,
        long cancelled, long kept, Rows rows) {

    /** The contract's verdicts, in its order. */
    public static final List<String> VERDICTS = List.of("MIGRATE", "MIGRATE_MANUAL", "RETRY_LATER", "ACTION_REQUIRED",
            "NOT_SUPPORTED");

    public Expected {
        tenantsByVerdict = Map.copyOf(tenantsByVerdict);
    }

    public long tenants() {
        return tenantsByVerdict.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Row by row, in the order of the files.
     *
     * @param moves the rows of reassignments.csv
     * @param settlements the rows of cancellations.csv
     * @param licenses every user ("tenant_id/user_id") and the licenses it holds once the migration completed
     * @param subscriptionStates every tenant and the state of its source subscription then
     */
    public record Rows(List<Move> moves, List<Settlement> settlements, Map<String, List<String>> licenses,
            Map<String, String> subscriptionStates) {
    }

    /** A row of reassignments.csv; {@code detail} is the skip reason, "" for a user moved. */
    public record Move(String tenantId, String userId, String fromSku, String toSku, String status, String detail) {

        @Override
        public String toString() {
            return tenantId + "/" + userId + " " + fromSku + "->" + toSku + " " + status + " " + detail;
        }
    }

    /** A row of cancellations.csv. */
    public record Settlement(String tenantId, String subscriptionId, String status) {

        @Override
        public String toString() {
            return tenantId + " " + subscriptionId + " " + status;
        }
    }

    /** The counts the benchmark's DataSetGenerator wrote in expected.properties. */
    public static Expected fromProperties(Path file) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Long> verdicts = new LinkedHashMap<>();
        VERDICTS.forEach(verdict -> verdicts.put(verdict, number(properties, "verdict." + verdict, file)));
        return new Expected(verdicts, number(properties, "users", file), number(properties, "reassigned", file),
                number(properties, "skipped", file), number(properties, "write_batches", file),
                number(properties, "cancelled", file), number(properties, "kept", file), null);
    }

    private static long number(Properties properties, String key, Path file) {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException(file + " has no " + key);
        }
        return Long.parseLong(value.strip());
    }
}
