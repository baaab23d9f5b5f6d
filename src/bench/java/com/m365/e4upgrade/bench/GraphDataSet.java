package com.m365.e4upgrade.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * The data of the Graph benchmark: N tenants x M users, every tenant migrating (E4 to
 * SPE_E5, target ACTIVE with a seat per user, bought directly, healthy) and every user
 * holding E4 directly, enabled, with a usage location: every user is one assignLicense.
 * Deterministic from the seed. Writes tenants.csv, users.csv and expected.properties.
 *
 * <pre>
 * GraphDataSet --tenants=300 --users-per-tenant=40 --seed=42 --out=bench/graph-data/300x40
 * </pre>
 */
public final class GraphDataSet {

    public static final String SOURCE = "ENTERPRISEWITHSCAL";

    public static final String TARGET = "SPE_E5";

    private static final String TENANT_HEADER = "tenant_id,tenant_name,subscription_id,source_sku,licenses,target_sku,"
            + "target_subscription_id,target_licenses,target_status,purchase_channel,payment_method,prepaid,sector,"
            + "plans_for_product,add_ons,unpaid_balance,credit_check_pending,upgrade_in_progress,service_status,"
            + "upgrade_eligible,temporarily_unavailable\n";

    private static final String USER_HEADER = "tenant_id,user_id,user_principal_name,display_name,licenses,"
            + "usage_location,license_assignment,disabled_plans,account_enabled\n";

    private static final String[] COUNTRIES = { "US", "GB", "FR", "DE", "CA", "JP", "IT", "ES", "NL", "BR" };

    private GraphDataSet() {
    }

    public static void main(String[] args) throws IOException {
        BenchArgs.DataSet dataSet = BenchArgs.DataSet.of(args);
        int tenants = dataSet.tenants();
        int usersPerTenant = dataSet.usersPerTenant();
        long seed = dataSet.seed();
        Path out = dataSet.out();
        Files.createDirectories(out);
        Random rnd = new Random(seed);
        StringBuilder row = new StringBuilder(512);
        try (Writer tenantsCsv = writer(out.resolve("tenants.csv"));
                Writer usersCsv = writer(out.resolve("users.csv"))) {
            tenantsCsv.write(TENANT_HEADER);
            usersCsv.write(USER_HEADER);
            for (int t = 1; t <= tenants; t++) {
                String tenantId = guid(rnd);
                String seats = Integer.toString(usersPerTenant);
                row.setLength(0);
                Csv.row(row, tenantId, "Bench Tenant " + t, guid(rnd), SOURCE, seats, TARGET, guid(rnd), seats,
                        "ACTIVE", "DIRECT", "INVOICE", "false", "COMMERCIAL", "1", "", "0.00", "false", "false",
                        "HEALTHY", "true", "false");
                tenantsCsv.append(row);
                for (int u = 1; u <= usersPerTenant; u++) {
                    row.setLength(0);
                    Csv.row(row, tenantId, guid(rnd), "user" + u + "@bench" + t + ".onmicrosoft.com", "User " + u,
                            SOURCE, COUNTRIES[rnd.nextInt(COUNTRIES.length)], "DIRECT", "", "true");
                    usersCsv.append(row);
                }
            }
        }
        long users = (long) tenants * usersPerTenant;
        String expected = "# written by GraphDataSet: every user moves\n" + "tenants=" + tenants + "\nusers=" + users
                + "\nreassigned=" + users + "\nskipped=0\nwrite_batches=" + (long) tenants * ((usersPerTenant + 19) / 20)
                + "\n";
        Files.writeString(out.resolve("expected.properties"), expected, StandardCharsets.UTF_8);
        System.out.printf(Locale.ROOT, "wrote %,d tenants x %,d users (%,d users to move) into %s%n", tenants,
                usersPerTenant, users, out);
    }

    private static Writer writer(Path file) throws IOException {
        return new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16);
    }

    private static String guid(Random rnd) {
        long msb = (rnd.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (rnd.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

}
