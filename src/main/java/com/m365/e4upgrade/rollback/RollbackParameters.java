package com.m365.e4upgrade.rollback;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The rollback job's parameters. A rollback is identified by the migration it undoes
 * (that migration's job instance id), the tenants it names (lower case, sorted) and
 * --dry-run: the same command after a crash or a stop resumes it, and once complete it
 * does nothing. The output folder and the batch size may change between the runs.
 */
public final class RollbackParameters {

    public static final String MIGRATION_ID = "rollback.migration.id";

    public static final String TENANTS = "rollback.tenants";

    public static final String DRY_RUN = "rollback.dry.run";

    public static final String OUTPUT = "output";

    public static final String CHUNK_SIZE = "chunk.size";

    static final String MIGRATION_ID_EXPR = "#{jobParameters['" + MIGRATION_ID + "']}";

    static final String TENANTS_EXPR = "#{jobParameters['" + TENANTS + "']}";

    static final String DRY_RUN_EXPR = "#{jobParameters['" + DRY_RUN + "']}";

    static final String OUTPUT_EXPR = "#{jobParameters['" + OUTPUT + "']}";

    static final String CHUNK_SIZE_EXPR = "#{jobParameters['" + CHUNK_SIZE + "']}";

    private RollbackParameters() {
    }

    /** The tenants parameter: the ids, lower case, sorted, '|' separated. */
    public static String tenants(List<String> tenantIds) {
        return String.join("|",
                tenantIds.stream().map(id -> id.strip().toLowerCase(Locale.ROOT)).distinct().sorted().toList());
    }

    static List<String> tenantList(String parameter) {
        return Arrays.stream(parameter.split("\\|")).filter(id -> !id.isEmpty()).toList();
    }

}
