package com.m365.e4upgrade.inventory;

/**
 * The inventory job's parameters. An inventory is identified by the content of
 * tenants.csv, the source plan, the output folder and its run number: the same command
 * after a crash or a stop resumes the last run, and after a completed one starts the next
 * (the live tenants change: a second inventory is a new reading).
 */
public final class InventoryParameters {

    public static final String TENANTS_DIGEST = "inventory.tenants.sha256";

    public static final String TENANTS_FILE = "inventory.tenants.file";

    public static final String SOURCE_SKU = "inventory.source.sku";

    public static final String OUTPUT = "inventory.output";

    public static final String RUN = "inventory.run";

    static final String INVENTORY_ID_EXPR = "#{stepExecution.jobExecution.jobInstanceId}";

    static final String TENANTS_FILE_EXPR = "#{jobParameters['" + TENANTS_FILE + "']}";

    static final String SOURCE_SKU_EXPR = "#{jobParameters['" + SOURCE_SKU + "']}";

    static final String OUTPUT_EXPR = "#{jobParameters['" + OUTPUT + "']}";

    private InventoryParameters() {
    }

}
