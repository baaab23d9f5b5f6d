package com.m365.e4upgrade.reassignment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.m365.e4upgrade.batch.JobMetrics;
import com.m365.e4upgrade.batch.StepProgress;
import com.m365.e4upgrade.eligibility.Verdict;
import com.m365.e4upgrade.job.schema.MovesKeyedByTheirPlaceMigration;
import com.m365.e4upgrade.job.schema.UsersKeyedByTheirPlaceMigration;
import com.m365.e4upgrade.job.schema.SpringBatchSchemaMigration;
import com.m365.e4upgrade.licensing.MoveOutcome;
import com.m365.e4upgrade.licensing.SkuCatalog;
import com.m365.e4upgrade.licensing.UserMove;
import com.m365.e4upgrade.licensing.WriteBatch;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The plan ({@link TenantPlanWriter}: each tenant's batches numbered from its counts, the
 * skipped moves stored) and the write batches the moves make of it from the users
 * ({@link WriteBatchReader}), against a real H2 database with the job's migrations: the
 * moves, details and batch numbers of {@link ReassignmentPlanner}'s rules, a batch at
 * most {@code usersPerBatch} users of one tenant in file order.
 */
@DisplayName("The plan, numbered a chunk of tenants at a time, and the write batches made of it")
class TenantPlanWriterTests {

    private static final SkuCatalog CATALOG = SkuCatalog
        .load(new ClassPathResource("catalog/product-names-and-service-plan-identifiers.csv"));

    private static final long MIGRATION = 1;

    private NamedParameterJdbcTemplate jdbc;

    private PlanRepository plan;

    private DriverManagerDataSource dataSource;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private final StepProgress progress = StepProgress.advancedByTheStep("users", execution -> null);

    private int tenantLine = 1;

    private int userLine = 1;

    @BeforeEach
    void aMigrationDatabase() {
        String url = "jdbc:h2:mem:plan-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        // the job's tables as the job has them: the SQL versions and the moves' key (V8)
        Flyway.configure()
            .dataSource(url, "sa", "")
            .locations("classpath:db/migration")
            .javaMigrations(new SpringBatchSchemaMigration(), new MovesKeyedByTheirPlaceMigration(),
                    new UsersKeyedByTheirPlaceMigration())
            .load()
            .migrate();
        this.dataSource = new DriverManagerDataSource(url, "sa", "");
        this.jdbc = new NamedParameterJdbcTemplate(this.dataSource);
        this.plan = new PlanRepository(this.jdbc, this.dataSource);
    }

    @Nested
    @DisplayName("batch numbers")
    class BatchNumbers {

        @Test
        void aBatchHoldsAtMostTheBatchSizeAndNeverMixesTenants() throws Exception {
            // given
            long a = tenant("a", Verdict.MIGRATE, users(45));
            long b = tenant("b", Verdict.MIGRATE_MANUAL, users(3));

            // when
            writer().write(new Chunk<>(a, b));

            // then
            assertThat(batchesOf("a")).containsExactly(1, 2, 3);
            assertThat(usersIn(3)).isEqualTo(5);
            assertThat(batchesOf("b")).containsExactly(4);
            assertThat(madeBatches()).allSatisfy(batch -> assertThat(batch.batch().moves()).hasSizeBetween(1, 20));
        }

        @Test
        void theNextChunkAndARestartedStepContinueTheNumbering() throws Exception {
            // given a first chunk committed with its state, then a restarted step
            long a = tenant("a", Verdict.MIGRATE, users(25));
            long b = tenant("b", Verdict.MIGRATE, users(21));
            ExecutionContext committed = new ExecutionContext();
            TenantPlanWriter first = writer();
            first.open(committed);
            first.write(new Chunk<>(a));
            first.update(committed);

            // when
            TenantPlanWriter restarted = writer();
            restarted.open(committed);
            restarted.write(new Chunk<>(b));

            // then
            assertThat(batchesOf("a")).containsExactly(1, 2);
            assertThat(batchesOf("b")).containsExactly(3, 4);
            assertThat(usersIn(4)).isOne();
            assertThat(single("SELECT first_batch FROM e4_tenant WHERE tenant_id = 'b'")).isEqualTo(3);
        }

        @Test
        void batchesFollowTheUsersFileOrderNotTheIds() throws Exception {
            // given user ids that sort the other way round from their lines
            long a = tenant("a", Verdict.MIGRATE, List.of(user("z-first"), user("y"), user("x-last")));

            // when
            writer(2).write(new Chunk<>(a));

            // then
            assertThat(plannedBatches(2)).containsExactly(Map.entry("z-first", 1), Map.entry("y", 1),
                    Map.entry("x-last", 2));
        }

    }

    @Nested
    @DisplayName("skipped users")
    class Skipped {

        @Test
        void usersWithoutUsageLocationOrWithAGroupLicenseAreSkippedInThatOrderAndGoWithABatchOfTheirTenant()
                throws Exception {
            // given
            List<User> users = new ArrayList<>(users(20));
            users.add(0, user("first").group());
            users.add(2, user("no-location").at(null));
            users.add(3, user("blank-location").at(" "));
            users.add(4, user("group").group());
            users.add(5, user("both").at(null).group());
            users.add(user("last").at(null));
            long a = tenant("a", Verdict.MIGRATE, users);

            // when
            writer().write(new Chunk<>(a));

            // then
            assertThat(madeBatches()).singleElement().satisfies(batch -> {
                assertThat(batch.batch().moves()).as("20 planned users: one batch").hasSize(20);
                assertThat(batch.skipped()).extracting(skipped -> skipped.userId() + " " + skipped.detail())
                    .containsExactly("first GROUP_LICENSE", "no-location USAGE_LOCATION_MISSING",
                            "blank-location USAGE_LOCATION_MISSING", "group GROUP_LICENSE",
                            "both USAGE_LOCATION_MISSING", "last USAGE_LOCATION_MISSING");
            });
            assertThat(single("SELECT COUNT(*) FROM e4_reassignment")).as("the moves store them with the batch")
                .isZero();
        }

        @Test
        void aTenantWhoseHoldersAreAllSkippedHasNoBatchAndItsMovesAreStoredByThePlan() throws Exception {
            // given
            long a = tenant("a", Verdict.MIGRATE, users(3));
            long b = tenant("b", Verdict.MIGRATE, List.of(user("x").at(null), user("y").group()));
            long c = tenant("c", Verdict.MIGRATE, users(1));

            // when
            writer().write(new Chunk<>(a, b, c));

            // then
            assertThat(detailOf("x")).isEqualTo(ReassignmentPlanner.USAGE_LOCATION_MISSING);
            assertThat(detailOf("y")).isEqualTo(ReassignmentPlanner.GROUP_LICENSE);
            assertThat(single("SELECT COUNT(*) FROM e4_reassignment WHERE status = 'SKIPPED' AND batch IS NULL"))
                .isEqualTo(2);
            assertThat(meters.get(JobMetrics.USERS).tag("status", "SKIPPED").counter().count()).isEqualTo(2);
            assertThat(madeBatches()).extracting(batch -> batch.batch().tenantId() + " " + batch.batch().number())
                .containsExactly("a 1", "c 2");
        }

        @Test
        void onlyHoldersOfTheSourcePlanInMigratingTenantsArePlanned() throws Exception {
            // given
            List<User> users = new ArrayList<>(users(2));
            users.add(user("not-a-holder").notHolding());
            long a = tenant("a", Verdict.MIGRATE, users);
            long later = tenant("later", Verdict.RETRY_LATER, users(3));
            long c = tenant("c", Verdict.MIGRATE, users(1));

            // when: the chunk's range of lines spans the tenant that does not migrate
            writer().write(new Chunk<>(a, c));

            // then
            assertThat(madeBatches()).flatExtracting(batch -> batch.batch().moves())
                .extracting(move -> move.userId())
                .containsExactly("u000", "u001", "u000");
            assertThat(single("SELECT COUNT(*) FROM e4_tenant WHERE first_batch IS NOT NULL")).isEqualTo(2);
            assertThat(later).isBetween(a, c);
            assertThat(batchesOf("c")).containsExactly(2);
        }

    }

    @Nested
    @DisplayName("a dry run's plan, read instead of made (DryRunPlanReader)")
    class DryRun {

        @Test
        void aDryRunReadsTheVeryMovesTheRealRunStoresAndMakes() throws Exception {
            // given every case of the plan: batches across tenants, users skipped for
            // each reason, disabled plans the target lacks, a user who does not hold
            // the source plan, a tenant that does not migrate, ids sorting against
            // their lines
            List<User> first = new ArrayList<>(users(23));
            first.add(2, user("no-location").at(null));
            first.add(5, user("group").group());
            first.add(7, user("disabled").disabled("SWAY|FORMS_PLAN_E3"));
            first.add(user("not-a-holder").notHolding());
            long a = tenant("a", Verdict.MIGRATE, first);
            long later = tenant("later", Verdict.RETRY_LATER, users(3));
            long b = tenant("b", Verdict.MIGRATE_MANUAL, List.of(user("z-first"), user("y"), user("x-last")));
            long c = tenant("c", Verdict.MIGRATE, List.of(user("only").group()));
            long d = tenant("d", Verdict.MIGRATE, users(41));

            // when
            List<String> read = dryRunPlan(20);
            writer().write(new Chunk<>(a, b, c, d));

            // then
            assertThat(later).isBetween(a, b);
            assertThat(read).hasSize(23 + 3 + 3 + 1 + 41).containsExactlyElementsOf(realRunPlan());
        }

        private List<String> dryRunPlan(int usersPerBatch) throws Exception {
            DryRunPlanReader reader = new DryRunPlanReader(
                    plan.holdersInFileOrder(MIGRATION, Verdict.migrating()).build(), new ReassignmentPlanner(CATALOG),
                    usersPerBatch);
            List<String> rows = new ArrayList<>();
            reader.open(new ExecutionContext());
            try {
                for (Reassignment move = reader.read(); move != null; move = reader.read()) {
                    rows.add(String.join(",", move.tenantId(), move.userId(), move.userPrincipalName(), move.fromSku(),
                            move.toSku(), String.join("|", move.disabledPlans()), move.status().name(),
                            String.valueOf(move.detail()), String.valueOf(move.batch())));
                }
            }
            finally {
                reader.close();
            }
            return rows;
        }

        /**
         * The moves the plan stored and those the moves make and store with the skipped
         * users that go with them, in file order.
         */
        private List<String> realRunPlan() throws Exception {
            Map<List<Long>, String> rows = new TreeMap<>(
                    Comparator.<List<Long>, Long>comparing(lines -> lines.get(0)).thenComparing(lines -> lines.get(1)));
            jdbc.query("""
                    SELECT written_tenant_id, written_user_id, user_principal_name, from_sku, to_sku, disabled_plans,
                           status, detail, batch, tenant_line, user_line
                    FROM e4_reassignment""", Map.of(),
                    (RowCallbackHandler) rs -> rows.put(List.of(rs.getLong(10), rs.getLong(11)),
                            String.join(",", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                    rs.getString(5), rs.getString(6), rs.getString(7), String.valueOf(rs.getString(8)),
                                    String.valueOf(rs.getObject(9, Integer.class)))));
            for (BatchToMove made : madeBatches()) {
                WriteBatch batch = made.batch();
                for (BatchToMove.Skipped skipped : made.skipped()) {
                    rows.put(List.of(made.batch().tenantLine(), skipped.place().line()),
                            String.join(",", skipped.place().writtenTenantId(), skipped.place().writtenUserId(),
                                    skipped.userPrincipalName(), batch.fromSku(), batch.toSku(),
                                    String.join("|", skipped.disabledPlans()), "SKIPPED", skipped.detail(), "null"));
                }
                for (int i = 0; i < batch.moves().size(); i++) {
                    UserMove move = batch.moves().get(i);
                    rows.put(List.of(made.batch().tenantLine(), made.users().get(i).line()),
                            String.join(",", made.users().get(i).writtenTenantId(), made.users().get(i).writtenUserId(),
                                    move.userPrincipalName(), batch.fromSku(), batch.toSku(),
                                    String.join("|", move.keptDisabledPlans()), "PLANNED", "null",
                                    String.valueOf(batch.number())));
                }
            }
            return List.copyOf(rows.values());
        }

    }

    @Nested
    @DisplayName("write batches made from the users (WriteBatchReader)")
    class Made {

        @Test
        void aRestartedPartitionGoesOnAfterTheLastBatchItStored() throws Exception {
            // given batches 1-3 (a) and 4 (b), the first two moved and stored
            long a = tenant("a", Verdict.MIGRATE, users(45));
            long b = tenant("b", Verdict.MIGRATE, users(3));
            writer().write(new Chunk<>(a, b));
            ReassignmentRepository moves = new ReassignmentRepository(jdbc);
            for (BatchToMove made : madeBatches().subList(0, 2)) {
                moves.store(made,
                        made.batch().moves().stream().map(move -> MoveOutcome.reassigned(move.userId())).toList());
            }

            // when, then
            assertThat(madeBatches()).extracting(made -> made.batch().number()).containsExactly(3, 4);
            assertThat(moves.lastBatchStored(MIGRATION, a, b)).contains(2);
            assertThat(moves.lastBatchStored(MIGRATION, b, b)).isEmpty();
        }

        @Test
        void aPartitionMakesTheBatchesOfItsRangeOnly() throws Exception {
            // given
            long a = tenant("a", Verdict.MIGRATE, users(45));
            long b = tenant("b", Verdict.MIGRATE, users(3));
            long c = tenant("c", Verdict.MIGRATE, users(21));
            writer().write(new Chunk<>(a, b, c));

            // when, then
            assertThat(made(4, 6, 20)).extracting(made -> made.batch().number() + ":" + made.batch().tenantId())
                .containsExactly("4:b", "5:c", "6:c");
        }

        @Test
        void aTenantWithMoreUsersThanThePlanCountedStopsTheMoves() throws Exception {
            // given a tenant that counted one holder fewer than it has
            long a = tenant("a", Verdict.MIGRATE, users(21));
            jdbc.update("UPDATE e4_tenant SET source_holders = 20", Map.of());
            writer().write(new Chunk<>(a));

            // when, then
            assertThatThrownBy(TenantPlanWriterTests.this::madeBatches).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("more users to move than the plan counted");
        }

    }

    @Nested
    @DisplayName("partitions of the plan (TenantAlignedBatchPartitioner)")
    class Partitions {

        @Test
        void eachPartitionIsARangeOfWholeTenantsNearestAnEvenShareOfTheBatches() throws Exception {
            // given batches 1-3 (a), 4 (b), none (c: all skipped), 5-6 (d), 7-9 (e)
            long a = tenant("a", Verdict.MIGRATE, users(45));
            long b = tenant("b", Verdict.MIGRATE, users(3));
            long c = tenant("c", Verdict.MIGRATE, List.of(user("x").at(null), user("y").group()));
            long d = tenant("d", Verdict.MIGRATE, users(30));
            long e = tenant("e", Verdict.MIGRATE, users(60));
            writer().write(new Chunk<>(a, b, c, d, e));

            // when, then
            assertThat(partitions(2)).containsExactly("1-4", "5-9");
            assertThat(partitions(3)).containsExactly("1-3", "4-6", "7-9");
            assertThat(partitions(10)).as("never more than the tenants").containsExactly("1-3", "4-4", "5-6", "7-9");
        }

        @Test
        void aPlanWithoutBatchesIsOneEmptyPartition() throws Exception {
            // given
            long a = tenant("a", Verdict.MIGRATE, List.of(user("x").at(null)));
            writer().write(new Chunk<>(a));

            // when, then
            assertThat(partitions(2)).containsExactly("1-0");
        }

        private List<String> partitions(int gridSize) {
            return new TenantAlignedBatchPartitioner(new WriteBatchRepository(jdbc), MIGRATION).partition(gridSize)
                .values()
                .stream()
                .map(range -> range.getInt(TenantAlignedBatchPartitioner.FIRST_BATCH) + "-"
                        + range.getInt(TenantAlignedBatchPartitioner.LAST_BATCH))
                .toList();
        }

    }

    @Test
    void aMoveKeepsDisabledOnlyTheServicePlansTheTargetAlsoHas() throws Exception {
        // given SPE_E5 has SWAY, not FORMS_PLAN_E3
        long a = tenant("a", Verdict.MIGRATE, List.of(user("both").disabled("SWAY|FORMS_PLAN_E3"),
                user("none").disabled(null), user("skipped").disabled("SWAY|FORMS_PLAN_E3").group()));
        long b = tenant("b", Verdict.MIGRATE, List.of(user("only-skipped").disabled("SWAY|FORMS_PLAN_E3").group()));

        // when
        writer().write(new Chunk<>(a, b));

        // then
        BatchToMove made = madeBatches().get(0);
        assertThat(made.batch().moves()).extracting(UserMove::keptDisabledPlans)
            .containsExactly(List.of("SWAY"), List.of());
        assertThat(made.skipped()).extracting(BatchToMove.Skipped::disabledPlans).containsExactly(List.of("SWAY"));
        assertThat(jdbc.queryForObject("SELECT disabled_plans FROM e4_reassignment WHERE user_id = 'only-skipped'",
                Map.of(), String.class))
            .as("stored by the plan")
            .isEqualTo("SWAY");
    }

    // --- the data

    private TenantPlanWriter writer() {
        return writer(20);
    }

    private TenantPlanWriter writer(int usersPerBatch) {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerSingleton("meters", this.meters);
        TenantPlanWriter writer = new TenantPlanWriter(this.plan, new WriteBatchRepository(this.jdbc),
                new ReassignmentPlanner(CATALOG), MIGRATION, Verdict.migrating(), usersPerBatch,
                new JobMetrics(beans.getBeanProvider(MeterRegistry.class)), this.progress);
        writer.open(new ExecutionContext());
        return writer;
    }

    private record User(String id, String usageLocation, String assignment, String disabledPlans, boolean holds) {

        User at(String location) {
            return new User(id, location, assignment, disabledPlans, holds);
        }

        User group() {
            return new User(id, usageLocation, "GROUP", disabledPlans, holds);
        }

        User disabled(String plans) {
            return new User(id, usageLocation, assignment, plans, holds);
        }

        User notHolding() {
            return new User(id, usageLocation, assignment, disabledPlans, false);
        }

        boolean licensableDirectly() {
            return usageLocation != null && !usageLocation.isBlank() && !"GROUP".equals(assignment);
        }

    }

    private static User user(String id) {
        return new User(id, "US", "DIRECT", null, true);
    }

    private static List<User> users(int count) {
        List<User> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            users.add(user(String.format("u%03d", i)));
        }
        return users;
    }

    /** Stores a tenant after the last one, with its users; returns its line. */
    private long tenant(String id, Verdict verdict, List<User> users) {
        long line = ++this.tenantLine;
        this.jdbc.update("""
                INSERT INTO e4_tenant (migration_id, tenant_id, written_tenant_id, line_number, subscription_id,
                    source_sku, licenses, target_sku, target_licenses, target_status, purchase_channel, payment_method,
                    prepaid, sector, plans_for_product, unpaid_balance, credit_check_pending, upgrade_in_progress,
                    service_status, upgrade_eligible, temporarily_unavailable, verdict, source_holders,
                    unlicensable_holders)
                VALUES (:migration, :id, :id, :line, 'sub', 'ENTERPRISEWITHSCAL', 100, 'SPE_E5', 100, 'ACTIVE',
                    'DIRECT', 'CREDIT_CARD', FALSE, 'COMMERCIAL', 1, 0, FALSE, FALSE, 'HEALTHY', TRUE, FALSE,
                    :verdict, :holders, :unlicensable)""",
                new MapSqlParameterSource("migration", MIGRATION).addValue("id", id)
                    .addValue("line", line)
                    .addValue("verdict", verdict.name())
                    // as the user import counts them
                    .addValue("holders", users.stream().filter(User::holds).count())
                    .addValue("unlicensable",
                            users.stream().filter(user -> user.holds() && !user.licensableDirectly()).count()));
        for (User user : users) {
            this.jdbc.update("""
                    INSERT INTO e4_user (migration_id, tenant_id, written_tenant_id, user_id, written_user_id,
                        line_number, tenant_line, user_principal_name, licenses, usage_location, license_assignment,
                        disabled_plans, account_enabled, holds_source)
                    VALUES (:migration, :tenant, :tenant, :id, :id, :line, :tenantLine, :upn, 'ENTERPRISEWITHSCAL',
                        :location, :assignment, :disabled, TRUE, :holds)""",
                    new MapSqlParameterSource("migration", MIGRATION).addValue("tenant", id)
                        .addValue("id", user.id())
                        .addValue("line", ++this.userLine)
                        .addValue("tenantLine", line)
                        .addValue("upn", user.id() + "@" + id + ".example")
                        .addValue("location", user.usageLocation())
                        .addValue("assignment", user.assignment())
                        .addValue("disabled", user.disabledPlans())
                        .addValue("holds", user.holds()));
        }
        return line;
    }

    private List<BatchToMove> madeBatches() throws Exception {
        return made(1, new WriteBatchRepository(jdbc).lastBatch(MIGRATION), 20);
    }

    /** The write batches a partition of that range makes, as the moves make them. */
    private List<BatchToMove> made(int firstBatch, int lastBatch, int usersPerBatch) throws Exception {
        WriteBatchReader reader = new WriteBatchReader(plan, new WriteBatchRepository(jdbc),
                new ReassignmentRepository(jdbc), new ReassignmentPlanner(CATALOG), MIGRATION, firstBatch, lastBatch,
                usersPerBatch);
        List<BatchToMove> made = new ArrayList<>();
        reader.open(new ExecutionContext());
        try {
            for (BatchToMove batch = reader.read(); batch != null; batch = reader.read()) {
                made.add(batch);
            }
        }
        finally {
            reader.close();
        }
        return made;
    }

    private List<Integer> batchesOf(String tenantId) throws Exception {
        return madeBatches().stream()
            .filter(made -> made.batch().tenantId().equals(tenantId))
            .map(made -> made.batch().number())
            .toList();
    }

    private long usersIn(int batch) throws Exception {
        return madeBatches().stream()
            .filter(made -> made.batch().number() == batch)
            .mapToLong(made -> made.batch().moves().size())
            .sum();
    }

    private Map<String, Integer> plannedBatches(int usersPerBatch) throws Exception {
        Map<String, Integer> batches = new LinkedHashMap<>();
        for (BatchToMove made : made(1, new WriteBatchRepository(jdbc).lastBatch(MIGRATION), usersPerBatch)) {
            made.batch().moves().forEach(move -> batches.put(move.userId(), made.batch().number()));
        }
        return batches;
    }

    private String detailOf(String userId) {
        return this.jdbc.queryForObject("SELECT detail FROM e4_reassignment WHERE user_id = :user",
                Map.of("user", userId), String.class);
    }

    private long single(String sql) {
        return this.jdbc.queryForObject(sql, Map.of(), Long.class);
    }

}
