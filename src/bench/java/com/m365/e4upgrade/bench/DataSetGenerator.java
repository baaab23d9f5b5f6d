package com.m365.e4upgrade.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Writes a valid, realistic {@code tenants.csv} + {@code users.csv} pair for N tenants x M users,
 * deterministic from a seed (same arguments, byte-identical files) and streaming (one tenant's
 * users at a time in memory), plus {@code expected.properties}: what the job must report for it.
 *
 * <pre>
 * DataSetGenerator --tenants=2000 --users-per-tenant=50 --seed=42 --out=bench/data/2000x50
 * </pre>
 *
 * Mix: ~88% of tenants MIGRATE, ~4% MIGRATE_MANUAL, the rest RETRY_LATER / ACTION_REQUIRED /
 * NOT_SUPPORTED for a spread of reasons. ~97% of users hold ENTERPRISEWITHSCAL (a quarter with EMS
 * too, a tenth with disabled plans); ~1% have no usage_location and ~1% a GROUP license, which
 * the job must skip. Every tenant and user id is a version-4 GUID drawn from a Random seeded by
 * (seed, tenant index), so one tenant's data does not depend on the others.
 */
public final class DataSetGenerator {

    static final String SOURCE = "ENTERPRISEWITHSCAL";
    private static final String[] TARGETS = {"SPE_E5", "ENTERPRISEPREMIUM", "SPE_E3", "ENTERPRISEPACK"};
    private static final String[] LOSING_TARGETS = {"STANDARDPACK", "SPB"};

    private static final String TENANT_HEADER = "tenant_id,tenant_name,subscription_id,source_sku,licenses,target_sku,"
            + "target_subscription_id,target_licenses,target_status,purchase_channel,payment_method,prepaid,sector,"
            + "plans_for_product,add_ons,unpaid_balance,credit_check_pending,upgrade_in_progress,service_status,"
            + "upgrade_eligible,temporarily_unavailable\n";
    private static final String USER_HEADER = "tenant_id,user_id,user_principal_name,display_name,licenses,"
            + "usage_location,license_assignment,disabled_plans,account_enabled\n";

    /** {display, ascii slug} */
    private static final String[][] COMPANIES = {
            {"Contoso", "contoso"}, {"Fabrikam", "fabrikam"}, {"Northwind Traders", "northwind"},
            {"Tailspin Toys", "tailspin"}, {"Woodgrove Bank", "woodgrove"}, {"Litware", "litware"},
            {"Adatum", "adatum"}, {"Proseware", "proseware"}, {"Wingtip Toys", "wingtip"},
            {"Alpine Ski House", "alpineskihouse"}, {"Trey Research", "treyresearch"},
            {"Société Générale des Eaux du Léman", "eauxduleman"}, {"Nordwind Logistik", "nordwind"},
            {"Ville de Trois-Rivières", "troisrivieres"}, {"株式会社さくらテクノロジー", "sakuratech"},
            {"Ελληνική Ναυτιλιακή", "hellenicshipping"}, {"Coho Winery", "cohowinery"},
            {"Lucerne Publishing", "lucernepublishing"}, {"Margie's Travel", "margiestravel"},
            {"Blue Yonder Airlines", "blueyonder"}};
    private static final String[] COMPANY_SUFFIXES = {" Ltd", ", Inc.", " GmbH", " SA", " AG", " LLC", " BV", " SAS", ""};
    /** {display, ascii} */
    private static final String[][] FIRST_NAMES = {
            {"Megan", "megan"}, {"Alex", "alex"}, {"Adele", "adele"}, {"Diego", "diego"}, {"Isaiah", "isaiah"},
            {"Johanna", "johanna"}, {"Lee", "lee"}, {"Lidia", "lidia"}, {"Lynne", "lynne"}, {"Nestor", "nestor"},
            {"Patti", "patti"}, {"Pradeep", "pradeep"}, {"Zoë", "zoe"}, {"François", "francois"},
            {"Jürgen", "juergen"}, {"Łukasz", "lukasz"}, {"太郎", "taro"}, {"Ἀλέξανδρος", "alexandros"},
            {"Sofía", "sofia"}, {"Chloé", "chloe"}};
    private static final String[][] LAST_NAMES = {
            {"Bowen", "bowen"}, {"Wilber", "wilber"}, {"Vance", "vance"}, {"Siciliani", "siciliani"},
            {"Henderson", "henderson"}, {"Lauer", "lauer"}, {"Gu", "gu"}, {"Holloway", "holloway"},
            {"Robbins", "robbins"}, {"Wilke", "wilke"}, {"Fernandez", "fernandez"}, {"Gupta", "gupta"},
            {"Müller", "mueller"}, {"Dupont", "dupont"}, {"Kowalski", "kowalski"}, {"田中", "tanaka"},
            {"Παπαδόπουλος", "papadopoulos"}, {"García", "garcia"}, {"O'Brien", "obrien"}, {"Smith", "smith"}};
    private static final String[] COUNTRIES = {"US", "US", "US", "GB", "FR", "DE", "CA", "JP", "IT", "ES", "NL",
            "BE", "CH", "SE", "IN", "BR", "AU", "GR", "PL", "IE"};
    private static final String[] DISABLED_PLANS = {"SWAY", "FORMS_PLAN_E3", "YAMMER_ENTERPRISE", "MCOVOICECONF",
            "STREAM_O365_E3", "PROJECTWORKMANAGEMENT"};

    private enum Kind { MIGRATE, MIGRATE_MANUAL, RETRY_LATER, ACTION_REQUIRED, NOT_SUPPORTED }

    private final long seed;
    private final int tenants;
    private final int usersPerTenant;

    // what was written
    private final Map<String, Long> verdicts = new LinkedHashMap<>();
    private final Map<String, Long> reasons = new LinkedHashMap<>();
    private long users;
    private long sourceHolders;
    private long holdersInMigrating;
    private long skippedNoLocation;
    private long skippedGroup;
    private long migratingTenants;
    private long expectedCancelled;
    private long expectedKept;
    private long expectedBatches;

    DataSetGenerator(long seed, int tenants, int usersPerTenant) {
        this.seed = seed;
        this.tenants = tenants;
        this.usersPerTenant = usersPerTenant;
        for (Kind kind : Kind.values()) {
            verdicts.put(kind.name(), 0L);
        }
    }

    public static void main(String[] args) throws IOException {
        BenchArgs.DataSet dataSet = BenchArgs.DataSet.of(args);
        int tenants = dataSet.tenants();
        int usersPerTenant = dataSet.usersPerTenant();
        long seed = dataSet.seed();
        Path out = dataSet.out();
        long start = System.nanoTime();
        DataSetGenerator generator = new DataSetGenerator(seed, tenants, usersPerTenant);
        generator.write(out);
        generator.report(out, (System.nanoTime() - start) / 1_000_000);
    }

    void write(Path out) throws IOException {
        Files.createDirectories(out);
        try (Writer tenantsCsv = writer(out.resolve("tenants.csv")); Writer usersCsv = writer(out.resolve("users.csv"))) {
            tenantsCsv.write(TENANT_HEADER);
            usersCsv.write(USER_HEADER);
            StringBuilder userRows = new StringBuilder(usersPerTenant * 200);
            StringBuilder row = new StringBuilder(512);
            for (int t = 0; t < tenants; t++) {
                userRows.setLength(0);
                tenant(t, row, userRows);
                tenantsCsv.append(row);
                usersCsv.append(userRows);
            }
        }
    }

    private static Writer writer(Path file) throws IOException {
        return new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 1 << 16);
    }

    /** One tenant: its users first (A is needed for the tenant's license counts), then its row. */
    private void tenant(int index, StringBuilder row, StringBuilder userRows) {
        Random rnd = new Random(seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 1);
        String tenantId = guid(rnd);
        String[] company = COMPANIES[rnd.nextInt(COMPANIES.length)];
        String name = company[0] + COMPANY_SUFFIXES[rnd.nextInt(COMPANY_SUFFIXES.length)] + " " + (index + 1);
        String domain = company[1] + (index + 1) + ".onmicrosoft.com";

        double k = rnd.nextDouble();
        Kind kind = k < 0.88 ? Kind.MIGRATE : k < 0.92 ? Kind.MIGRATE_MANUAL : k < 0.95 ? Kind.RETRY_LATER
                : k < 0.98 ? Kind.ACTION_REQUIRED : Kind.NOT_SUPPORTED;
        boolean migrating = kind == Kind.MIGRATE || kind == Kind.MIGRATE_MANUAL;

        // users
        int a = 0;
        int skipped = 0;
        int planned = 0;
        for (int u = 0; u < usersPerTenant; u++) {
            String userId = guid(rnd);
            String[] first = FIRST_NAMES[rnd.nextInt(FIRST_NAMES.length)];
            String[] last = LAST_NAMES[rnd.nextInt(LAST_NAMES.length)];
            String display = first[0] + " " + last[0];
            String upn = first[1] + "." + last[1] + (u + 1) + "@" + domain;
            boolean holds = rnd.nextDouble() < 0.97;
            String licenses;
            if (holds) {
                double extra = rnd.nextDouble();
                licenses = extra < 0.25 ? SOURCE + "|EMS" : extra < 0.30 ? SOURCE + "|POWER_BI_PRO" : SOURCE;
            } else {
                double other = rnd.nextDouble();
                licenses = other < 0.5 ? "STANDARDPACK" : other < 0.8 ? "" : "EMS";
            }
            boolean noLocation = rnd.nextDouble() < 0.01;
            String location = noLocation ? "" : COUNTRIES[rnd.nextInt(COUNTRIES.length)];
            boolean group = rnd.nextDouble() < 0.01;
            String assignment = group ? "GROUP" : rnd.nextBoolean() ? "DIRECT" : "";
            String disabled = "";
            if (rnd.nextDouble() < 0.10) {
                int p = rnd.nextInt(DISABLED_PLANS.length);
                disabled = rnd.nextBoolean() ? DISABLED_PLANS[p]
                        : DISABLED_PLANS[p] + "|" + DISABLED_PLANS[(p + 1) % DISABLED_PLANS.length];
            }
            String enabled = rnd.nextDouble() < 0.03 ? "false" : rnd.nextBoolean() ? "true" : "";
            Csv.row(userRows, tenantId, userId, upn, display, licenses, location, assignment, disabled, enabled);
            users++;
            if (holds) {
                a++;
                if (migrating) {
                    if (noLocation) {
                        skippedNoLocation++;
                        skipped++;
                    } else if (group) {
                        skippedGroup++;
                        skipped++;
                    } else {
                        planned++;
                    }
                }
            }
        }
        sourceHolders += a;

        // the tenant row, clean by default, then spoiled according to its kind
        String subscriptionId = guid(rnd);
        String target = TARGETS[rnd.nextInt(TARGETS.length)];
        String targetSubscription = guid(rnd);
        int licenses = a + rnd.nextInt(6);
        int targetLicenses = a + rnd.nextInt(11);
        String targetStatus = "ACTIVE";
        String channel = rnd.nextInt(4) == 0 ? "" : "DIRECT";
        String payment = rnd.nextBoolean() ? "CREDIT_CARD" : "INVOICE";
        String prepaid = "false";
        String sector = "COMMERCIAL";
        String plans = "1";
        String addOns = "";
        String unpaid = "0.00";
        String creditCheck = "false";
        String inProgress = "false";
        String service = "HEALTHY";
        String eligible = "true";
        String unavailable = "false";
        String reason;
        switch (kind) {
            case MIGRATE -> reason = "NONE";
            case MIGRATE_MANUAL -> {
                switch (rnd.nextInt(6)) {
                    case 0 -> { plans = "2"; reason = "MULTIPLE_PLANS_SAME_PRODUCT"; }
                    case 1 -> { prepaid = "true"; reason = "PREPAID_PLAN"; }
                    case 2 -> { sector = "GOVERNMENT"; reason = "GOVERNMENT_OR_NONPROFIT"; }
                    case 3 -> { sector = "NONPROFIT"; reason = "GOVERNMENT_OR_NONPROFIT"; }
                    case 4 -> { addOns = rnd.nextBoolean() ? "SHAREPOINTSTORAGE" : "SHAREPOINTSTORAGE|MCOMEETADV"; reason = "ADD_ON_PRESENT"; }
                    default -> { eligible = "false"; reason = "NOT_ELIGIBLE_FOR_UPGRADE_TAB"; }
                }
            }
            case RETRY_LATER -> {
                switch (rnd.nextInt(5)) {
                    case 0 -> { targetStatus = "PENDING"; reason = "TARGET_NOT_ACTIVE"; }
                    case 1 -> { creditCheck = "true"; reason = "CREDIT_CHECK_PENDING"; }
                    case 2 -> { inProgress = "true"; reason = "UPGRADE_IN_PROGRESS"; }
                    case 3 -> { service = rnd.nextBoolean() ? "INCIDENT" : "PROVISIONING"; reason = "SERVICE_NOT_READY"; }
                    default -> { unavailable = "true"; reason = "TEMPORARILY_UNAVAILABLE"; }
                }
            }
            case ACTION_REQUIRED -> {
                int which = rnd.nextInt(4);
                if (a == 0 && which >= 2) {
                    which = 0; // too few users to overbook
                }
                switch (which) {
                    case 0 -> { targetSubscription = ""; targetLicenses = 0; targetStatus = ""; reason = "TARGET_NOT_PURCHASED"; }
                    case 1 -> { unpaid = (1 + rnd.nextInt(5000)) + "." + (10 + rnd.nextInt(90)); reason = "UNPAID_BALANCE"; }
                    case 2 -> { targetLicenses = a - 1; reason = "TARGET_SEATS_INSUFFICIENT"; }
                    default -> { licenses = a - 1; reason = "LICENSE_CONFLICT"; }
                }
            }
            default -> {
                switch (rnd.nextInt(3)) {
                    case 0 -> { channel = "PARTNER"; reason = "INDIRECT_PURCHASE"; }
                    case 1 -> { channel = "VOLUME_LICENSING"; reason = "INDIRECT_PURCHASE"; }
                    default -> { target = LOSING_TARGETS[rnd.nextInt(LOSING_TARGETS.length)]; reason = "TARGET_PLAN_NOT_SUPPORTED"; }
                }
            }
        }
        row.setLength(0);
        Csv.row(row, tenantId, name, subscriptionId, SOURCE, Integer.toString(licenses), target, targetSubscription,
                targetSubscription.isEmpty() ? "" : Integer.toString(targetLicenses), targetStatus, channel, payment,
                prepaid, sector, plans, addOns, unpaid, creditCheck, inProgress, service, eligible, unavailable);

        verdicts.merge(kind.name(), 1L, Long::sum);
        reasons.merge(reason, 1L, Long::sum);
        if (migrating) {
            migratingTenants++;
            holdersInMigrating += a;
            expectedBatches += batchesOf(planned);
            if (skipped == 0) {
                expectedCancelled++;
            } else {
                expectedKept++;
            }
        }
    }

    /** The job numbers batches per tenant, at most 20 users each (planned users only). */
    private static long batchesOf(int planned) {
        return (planned + 19) / 20;
    }

    private static String guid(Random rnd) {
        long msb = (rnd.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (rnd.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    private void report(Path out, long millis) throws IOException {
        long reassigned = holdersInMigrating - skippedNoLocation - skippedGroup;
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("seed", Long.toString(seed));
        expected.put("tenants", Integer.toString(tenants));
        expected.put("users", Long.toString(users));
        verdicts.forEach((verdict, count) -> expected.put("verdict." + verdict, Long.toString(count)));
        expected.put("source_holders", Long.toString(sourceHolders));
        expected.put("migrating_tenants", Long.toString(migratingTenants));
        expected.put("holders_in_migrating", Long.toString(holdersInMigrating));
        expected.put("reassigned", Long.toString(reassigned));
        expected.put("skipped", Long.toString(skippedNoLocation + skippedGroup));
        expected.put("skipped.USAGE_LOCATION_MISSING", Long.toString(skippedNoLocation));
        expected.put("skipped.GROUP_LICENSE", Long.toString(skippedGroup));
        expected.put("write_batches", Long.toString(expectedBatches));
        expected.put("cancelled", Long.toString(expectedCancelled));
        expected.put("kept", Long.toString(expectedKept));
        StringBuilder properties = new StringBuilder("# written by DataSetGenerator: what the job must report\n");
        expected.forEach((key, value) -> properties.append(key).append('=').append(value).append('\n'));
        Files.writeString(out.resolve("expected.properties"), properties, StandardCharsets.UTF_8);

        System.out.printf(Locale.ROOT, "wrote %s (%,d tenants, %,d bytes) and %s (%,d users, %,d bytes) in %,d ms%n",
                out.resolve("tenants.csv"), tenants, Files.size(out.resolve("tenants.csv")), out.resolve("users.csv"),
                users, Files.size(out.resolve("users.csv")), millis);
        System.out.println("tenants by intended verdict: " + verdicts);
        System.out.println("tenants by reason:           " + reasons);
        System.out.printf(Locale.ROOT, "source-plan holders: %,d; in migrating tenants: %,d -> expected REASSIGNED %,d,"
                        + " SKIPPED %,d (no usage location %,d, group license %,d), write batches %,d%n",
                sourceHolders, holdersInMigrating, reassigned, skippedNoLocation + skippedGroup, skippedNoLocation,
                skippedGroup, expectedBatches);
        System.out.printf(Locale.ROOT, "cancellations expected: CANCELLED %,d, KEPT %,d (%s)%n", expectedCancelled,
                expectedKept, out.resolve("expected.properties"));
    }
}
