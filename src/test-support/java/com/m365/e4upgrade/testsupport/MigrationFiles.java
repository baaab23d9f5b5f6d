package com.m365.e4upgrade.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import com.m365.e4upgrade.testsupport.Expected.Move;
import com.m365.e4upgrade.testsupport.Expected.Settlement;

/**
 * A pair of input files (tenants.csv, users.csv) built for a test, with deterministic GUIDs, and
 * what the contract says must come of every row ({@link #expected()}). Tenants migrate unless made
 * to wait for their target subscription ({@link TenantRow#targetPending()}); a user whose licenses
 * include the source plan is moved unless the per-user rules skip them (no usage location, group
 * license).
 */
public final class MigrationFiles {

    public static final String SOURCE_SKU = "ENTERPRISEWITHSCAL";
    public static final String TENANTS = "tenants.csv";
    public static final String USERS = "users.csv";

    /** The command the tests run, and run again, in the directory the files were written to (less any database option). */
    public static final List<String> THE_COMMAND = List.of("--tenants=" + TENANTS, "--users=" + USERS, "--output=out");

    private static final List<String> TARGETS = List.of("SPE_E5", "SPE_E3", "ENTERPRISEPREMIUM");

    private final List<TenantRow> tenants = new ArrayList<>();
    private final String name;

    private MigrationFiles(String name) {
        this.name = name;
    }

    public static MigrationFiles named(String name) {
        return new MigrationFiles(name);
    }

    /**
     * 60 tenants of 25 users: every migrating tenant needs two write batches (20 + the rest).
     * Every 12th tenant waits for its target subscription (RETRY_LATER); some users hold no source
     * plan, lack a usage location or inherit their license from a group (SKIPPED, so their tenant's
     * subscription is KEPT); some hold the source plan among other licenses or already hold the target.
     */
    public static MigrationFiles sixtyTenantsOfTwentyFiveUsers() {
        MigrationFiles files = named("60 tenants x 25 users");
        for (int t = 0; t < 60; t++) {
            int tenantIndex = t;
            files.tenant(tenant -> {
                tenant.target(TARGETS.get(tenantIndex % TARGETS.size()));
                if (tenantIndex % 12 == 11) {
                    tenant.targetPending();
                }
                for (int u = 0; u < 25; u++) {
                    int userIndex = u;
                    tenant.user(user -> {
                        if (userIndex == 1) {
                            user.licenses("EMS|" + SOURCE_SKU + "|POWER_BI_PRO");
                        }
                        if (userIndex == 2 && tenantIndex % 4 == 2) {
                            user.licenses(SOURCE_SKU + "|" + tenant.targetSku);
                        }
                        if (userIndex == 24 && tenantIndex % 5 == 0) {
                            user.licenses("EMS");
                        }
                        if (userIndex == 7 && tenantIndex % 7 == 3) {
                            user.usageLocation("");
                        }
                        if (userIndex == 13 && tenantIndex % 9 == 4) {
                            user.groupLicense();
                        }
                    });
                }
            });
        }
        return files;
    }

    /**
     * More migrating tenants than one chunk of the cancel step (200) holds: 230 tenants of 2
     * users, every 10th with a user skipped for want of a usage location (its subscription KEPT).
     */
    public static MigrationFiles twoHundredThirtyTenantsOfTwoUsers() {
        MigrationFiles files = named("230 tenants x 2 users");
        for (int t = 0; t < 230; t++) {
            int tenantIndex = t;
            files.tenant(tenant -> {
                tenant.target(TARGETS.get(tenantIndex % TARGETS.size()));
                tenant.user(user -> { });
                tenant.user(user -> {
                    if (tenantIndex % 10 == 9) {
                        user.usageLocation("");
                    }
                });
            });
        }
        return files;
    }

    /**
     * {@code tenants} tenants of {@code users} users, all on the source plan and its EMS add-on: big
     * enough for a run to be caught in the reassign step. Every 10th tenant waits for its target
     * subscription (RETRY_LATER: nothing of it moves); in every 4th tenant user 7 has no usage
     * location (SKIPPED, so the tenant's subscription is KEPT).
     */
    public static MigrationFiles tenantsOfUsers(int tenants, int users) {
        MigrationFiles files = named(tenants + " tenants x " + users + " users");
        for (int t = 0; t < tenants; t++) {
            int tenantIndex = t;
            files.tenant(tenant -> {
                tenant.target(TARGETS.get(tenantIndex % TARGETS.size()));
                if (tenantIndex % 10 == 9) {
                    tenant.targetPending();
                }
                for (int u = 0; u < users; u++) {
                    int userIndex = u;
                    tenant.user(user -> {
                        if (userIndex == 7 && tenantIndex % 4 == 1) {
                            user.usageLocation("");
                        }
                    });
                }
            });
        }
        return files;
    }

    public MigrationFiles tenant(Consumer<TenantRow> tenant) {
        TenantRow row = new TenantRow(name, tenants.size());
        tenant.accept(row);
        tenants.add(row);
        return this;
    }

    /** Writes tenants.csv and users.csv into the directory. */
    public MigrationFiles writeTo(Path directory) {
        try {
            Files.createDirectories(directory);
            List<String> tenantLines = new ArrayList<>();
            tenantLines.add("tenant_id,tenant_name,subscription_id,source_sku,licenses,target_sku,"
                    + "target_subscription_id,target_licenses,target_status");
            List<String> userLines = new ArrayList<>();
            userLines.add("tenant_id,user_id,user_principal_name,display_name,licenses,usage_location,license_assignment");
            for (TenantRow tenant : tenants) {
                tenantLines.add(String.join(",", tenant.tenantId, tenant.name(), tenant.subscriptionId(), SOURCE_SKU,
                        Integer.toString(tenant.users.size()), tenant.targetSku, tenant.targetSubscriptionId(),
                        Integer.toString(tenant.users.size()), tenant.targetStatus));
                for (UserRow user : tenant.users) {
                    userLines.add(String.join(",", tenant.tenantId, user.userId, user.userPrincipalName(),
                            user.displayName(), user.licenses, user.usageLocation, user.licenseAssignment));
                }
            }
            Files.write(directory.resolve(TENANTS), tenantLines, StandardCharsets.UTF_8);
            Files.write(directory.resolve(USERS), userLines, StandardCharsets.UTF_8);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- what the contract says must come of these rows ----------------------------------------

    /** The end state of a completed migration of these files, row by row. */
    public Expected expected() {
        Map<String, Long> verdicts = new LinkedHashMap<>();
        Expected.VERDICTS.forEach(verdict -> verdicts.put(verdict, 0L));
        verdicts.put("MIGRATE", (long) migratingTenants().size());
        verdicts.put("RETRY_LATER", (long) (tenants.size() - migratingTenants().size()));
        List<Move> moves = sourcePlanHolders().stream().map(user -> new Move(user.tenant.tenantId, user.userId, SOURCE_SKU,
                user.tenant.targetSku, user.skipReason() == null ? "REASSIGNED" : "SKIPPED",
                user.skipReason() == null ? "" : user.skipReason())).toList();
        List<TenantRow> toCancel = tenantsToCancel();
        List<Settlement> settlements = migratingTenants().stream().map(tenant -> new Settlement(tenant.tenantId,
                tenant.subscriptionId(), toCancel.contains(tenant) ? "CANCELLED" : "KEPT")).toList();
        Map<String, List<String>> licenses = new LinkedHashMap<>();
        Set<UserRow> moving = new HashSet<>(usersToMove());
        tenants.stream().flatMap(tenant -> tenant.users.stream()).forEach(user -> licenses.put(user.key(),
                moving.contains(user) ? user.licensesAfterMove() : user.licenseList()));
        Map<String, String> states = new LinkedHashMap<>();
        tenants.forEach(tenant -> states.put(tenant.tenantId, toCancel.contains(tenant) ? "CANCELLED" : "ACTIVE"));
        return new Expected(verdicts, tenants.stream().mapToLong(tenant -> tenant.users.size()).sum(),
                moving.size(), usersToSkip().size(), writeBatches(), toCancel.size(), tenantsToKeep().size(),
                new Expected.Rows(moves, settlements, licenses, states));
    }

    private List<TenantRow> migratingTenants() {
        return tenants.stream().filter(TenantRow::migrates).toList();
    }

    /** One row of reassignments.csv each: the users holding the source plan in a migrating tenant. */
    private List<UserRow> sourcePlanHolders() {
        return migratingTenants().stream().flatMap(tenant -> tenant.users.stream()).filter(UserRow::holdsSource).toList();
    }

    private List<UserRow> usersToMove() {
        return sourcePlanHolders().stream().filter(user -> user.skipReason() == null).toList();
    }

    private List<UserRow> usersToSkip() {
        return sourcePlanHolders().stream().filter(user -> user.skipReason() != null).toList();
    }

    /** The migrating tenants whose every source-plan holder moves: their subscription is cancelled. */
    private List<TenantRow> tenantsToCancel() {
        return migratingTenants().stream().filter(tenant -> tenant.usersToSkip() == 0).toList();
    }

    private List<TenantRow> tenantsToKeep() {
        return migratingTenants().stream().filter(tenant -> tenant.usersToSkip() > 0).toList();
    }

    /** Write batches: a tenant's moving users in batches of at most 20. */
    private int writeBatches() {
        return (int) migratingTenants().stream().mapToLong(tenant -> (tenant.usersToMove() + 19) / 20).sum();
    }

    @Override
    public String toString() {
        return name;
    }

    /** A row of tenants.csv, and its users. */
    public static final class TenantRow {

        final String tenantId;
        final int index;
        final List<UserRow> users = new ArrayList<>();
        String targetSku = "SPE_E5";
        String targetStatus = "ACTIVE";

        private TenantRow(String dataSet, int index) {
            this.index = index;
            this.tenantId = guid(dataSet + "/tenant/" + index);
        }

        public TenantRow target(String sku) {
            this.targetSku = sku;
            return this;
        }

        /** The target subscription is bought but not active yet: RETRY_LATER, nothing moves. */
        public TenantRow targetPending() {
            this.targetStatus = "PENDING";
            return this;
        }

        public TenantRow user(Consumer<UserRow> user) {
            UserRow row = new UserRow(this, users.size());
            user.accept(row);
            users.add(row);
            return this;
        }

        boolean migrates() {
            return "ACTIVE".equals(targetStatus);
        }

        String name() {
            return "Tenant " + index;
        }

        String subscriptionId() {
            return guid(tenantId + "/source-subscription");
        }

        String targetSubscriptionId() {
            return guid(tenantId + "/target-subscription");
        }

        String domain() {
            return "tenant" + index + ".example.com";
        }

        long usersToMove() {
            return users.stream().filter(UserRow::holdsSource).filter(user -> user.skipReason() == null).count();
        }

        long usersToSkip() {
            return users.stream().filter(UserRow::holdsSource).filter(user -> user.skipReason() != null).count();
        }

        @Override
        public String toString() {
            return name() + " (" + tenantId + ")";
        }
    }

    /** A row of users.csv. */
    public static final class UserRow {

        final TenantRow tenant;
        final int index;
        final String userId;
        String licenses = SOURCE_SKU + "|EMS";
        String usageLocation = "US";
        String licenseAssignment = "DIRECT";

        private UserRow(TenantRow tenant, int index) {
            this.tenant = tenant;
            this.index = index;
            this.userId = guid(tenant.tenantId + "/user/" + index);
        }

        public UserRow licenses(String pipeSeparated) {
            this.licenses = pipeSeparated;
            return this;
        }

        public UserRow usageLocation(String countryCode) {
            this.usageLocation = countryCode;
            return this;
        }

        public UserRow groupLicense() {
            this.licenseAssignment = "GROUP";
            return this;
        }

        String userPrincipalName() {
            return "user" + index + "@" + tenant.domain();
        }

        String displayName() {
            return "User " + index + " of " + tenant.name();
        }

        List<String> licenseList() {
            return Arrays.asList(licenses.split("\\|"));
        }

        boolean holdsSource() {
            return licenseList().contains(SOURCE_SKU);
        }

        /** The per-user rules, in their order; null when the user moves. */
        String skipReason() {
            if (usageLocation.isBlank()) {
                return "USAGE_LOCATION_MISSING";
            }
            if ("GROUP".equals(licenseAssignment)) {
                return "GROUP_LICENSE";
            }
            return null;
        }

        /** The licenses the user must hold once moved: the source replaced in place by the target, once. */
        List<String> licensesAfterMove() {
            List<String> after = new ArrayList<>();
            boolean targetHeld = licenseList().contains(tenant.targetSku);
            for (String sku : licenseList()) {
                if (sku.equals(SOURCE_SKU)) {
                    if (!targetHeld) {
                        after.add(tenant.targetSku);
                        targetHeld = true;
                    }
                } else {
                    after.add(sku);
                }
            }
            return after;
        }

        String key() {
            return tenant.tenantId + "/" + userId;
        }

        @Override
        public String toString() {
            return userPrincipalName() + " (" + key() + ")";
        }
    }

    /** A deterministic GUID: the same name gives the same GUID on every run. */
    static String guid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
