package com.m365.e4upgrade.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import com.m365.e4upgrade.eligibility.EligibilityProcessor;
import com.m365.e4upgrade.eligibility.EligibilityRules;
import com.m365.e4upgrade.eligibility.ReasonCode;
import com.m365.e4upgrade.input.Tenant;
import com.m365.e4upgrade.input.TenantRowMapper;
import com.m365.e4upgrade.licensing.embedded.EmbeddedLicenseGateway;
import com.m365.e4upgrade.licensing.SkuCatalog;
import com.m365.e4upgrade.reassignment.PlanCandidate;
import com.m365.e4upgrade.reassignment.Reassignment;
import com.m365.e4upgrade.reassignment.ReassignmentPlanner;
import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.CSVWriterBuilder;
import com.opencsv.ICSVWriter;
import com.opencsv.RFC4180ParserBuilder;
import com.opencsv.exceptions.CsvValidationException;

import org.springframework.core.io.ClassPathResource;

/**
 * The job's data work without the framework: the same tables (the job's own V2 script), the same
 * rows read and written, the same transaction sizes (1,000-row import commits, 200-tenant decision
 * commits, 500-row plan commits, one transaction per write batch of up to 20 users of one tenant,
 * 200-tenant cancellation commits) and the same report queries, in plain JDBC on its own fresh
 * H2 file ({@code jdbc:h2:file:<work>/baseline}). What it leaves out: input validation beyond
 * parsing, reject handling, restartability metadata, the remediation texts of eligibility.csv.
 * It reuses the project's rules (EligibilityRules, ReassignmentPlanner, SkuCatalog), so both
 * programs decide the same tenants and users.
 *
 * <pre>
 * PlainJdbcBaseline --tenants=FILE --users=FILE --work=DIR [--source-sku=ENTERPRISEWITHSCAL]
 * </pre>
 */
public final class PlainJdbcBaseline {

    private static final long MIGRATION = 1L;
    private static final int IMPORT_COMMIT = 1000;
    private static final int DECISION_COMMIT = 200;
    private static final int PLAN_COMMIT = 500;
    private static final int USERS_PER_BATCH = 20;
    private static final int CANCEL_COMMIT = 200;
    private static final int FETCH = 500;
    private static final String MIGRATING = "verdict IN ('MIGRATE', 'MIGRATE_MANUAL')";

    private final Path tenantsFile;
    private final Path usersFile;
    private final Path out;
    private final String sourceSku;
    private final Connection tx;      // the writing connection: explicit commits
    private final Connection reader;  // streams the driving queries, auto-commit
    private final SkuCatalog catalog;
    private final List<String[]> phases = new ArrayList<>();

    /** tenant_id -> its line and source_sku, as the user import needs them (20k entries for 1M users). */
    private final Map<String, TenantRef> tenants = new HashMap<>();

    private record TenantRef(long line, String sourceSku) {
    }

    private PlainJdbcBaseline(Path tenantsFile, Path usersFile, Path out, String sourceSku, Connection tx,
            Connection reader) {
        this.tenantsFile = tenantsFile;
        this.usersFile = usersFile;
        this.out = out;
        this.sourceSku = sourceSku;
        this.tx = tx;
        this.reader = reader;
        this.catalog = SkuCatalog.load(new ClassPathResource("catalog/product-names-and-service-plan-identifiers.csv"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchArgs.parse(args, "tenants", "users", "work", "source-sku");
        Path work = Path.of(BenchArgs.required(options, "work")).toAbsolutePath();
        Files.createDirectories(work);
        for (String leftover : List.of("baseline.mv.db", "baseline.trace.db", "baseline.lock.db")) {
            Files.deleteIfExists(work.resolve(leftover)); // always a fresh database
        }
        Path out = work.resolve("out");
        Files.createDirectories(out);
        // as durable as the job's default: every commit is in the file when it returns
        String url = "jdbc:h2:file:" + work.resolve("baseline") + ";WRITE_DELAY=0";
        long start = System.nanoTime();
        try (Connection tx = DriverManager.getConnection(url, "sa", "");
             Connection reader = DriverManager.getConnection(url, "sa", "")) {
            tx.setAutoCommit(false);
            reader.setAutoCommit(true);
            PlainJdbcBaseline baseline = new PlainJdbcBaseline(Path.of(BenchArgs.required(options, "tenants")),
                    Path.of(BenchArgs.required(options, "users")), out,
                    options.getOrDefault("source-sku", "ENTERPRISEWITHSCAL"), tx, reader);
            baseline.run();
            baseline.print((System.nanoTime() - start) / 1_000_000);
        }
    }

    private interface Phase {
        long run() throws Exception;
    }

    private void phase(String name, String unit, Phase phase) throws Exception {
        long start = System.nanoTime();
        long items = phase.run();
        long millis = (System.nanoTime() - start) / 1_000_000;
        phases.add(new String[] {name, Long.toString(millis), Long.toString(items), unit});
    }

    private void run() throws Exception {
        phase("schema", "-", this::createSchema);
        phase("importTenants", "tenants", this::importTenants);
        phase("importUsers", "users", this::importUsers);
        phase("eligibility", "tenants", this::eligibility);
        phase("plan", "users", this::plan);
        phase("reassign", "users", this::reassign);
        phase("cancel", "tenants", this::cancel);
        phase("reports", "rows", this::reports);
    }

    private void print(long totalMillis) {
        System.out.println("PlainJdbcBaseline: phase timings");
        System.out.printf(Locale.ROOT, "  %-14s %10s %12s %12s %s%n", "phase", "seconds", "items", "items/s", "unit");
        for (String[] p : phases) {
            long millis = Long.parseLong(p[1]);
            long items = Long.parseLong(p[2]);
            System.out.printf(Locale.ROOT, "  %-14s %10.2f %,12d %,12.0f %s%n", p[0], millis / 1000.0, items,
                    millis == 0 ? 0.0 : items * 1000.0 / millis, p[3]);
        }
        System.out.printf(Locale.ROOT, "  %-14s %10.2f%n", "total", totalMillis / 1000.0);
        StringBuilder machine = new StringBuilder("BASELINE total_ms=" + totalMillis);
        for (String[] p : phases) {
            machine.append(' ').append(p[0]).append("_ms=").append(p[1]).append(' ').append(p[0]).append("_items=").append(p[2]);
        }
        System.out.println(machine);
    }

    // --- schema ----------------------------------------------------------------------------

    private long createSchema() throws IOException, SQLException {
        String script;
        try (InputStream in = new ClassPathResource("db/migration/V2__migration_tables.sql").getInputStream()) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StringBuilder withoutComments = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.strip().startsWith("--")) {
                withoutComments.append(line).append('\n');
            }
        }
        long statements = 0;
        try (Statement st = tx.createStatement()) {
            for (String sql : withoutComments.toString().split(";")) {
                if (!sql.isBlank()) {
                    st.execute(sql);
                    statements++;
                }
            }
        }
        tx.commit();
        return statements;
    }

    // --- import ----------------------------------------------------------------------------

    /** The files as the job reads them: RFC 4180, delimiter from the header line, columns by name. */
    private static final class Input implements AutoCloseable {
        final CSVReader csv;
        final Map<String, Integer> columns = new HashMap<>();
        String[] row;
        long line;

        Input(Path file) throws IOException, CsvValidationException {
            char delimiter = ',';
            try (BufferedReader first = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String header = first.readLine();
                if (header != null && header.chars().filter(c -> c == ';').count() > header.chars().filter(c -> c == ',').count()) {
                    delimiter = ';';
                }
            }
            csv = new CSVReaderBuilder(Files.newBufferedReader(file, StandardCharsets.UTF_8))
                    .withCSVParser(new RFC4180ParserBuilder().withSeparator(delimiter).build())
                    .build();
            String[] header = csv.readNext();
            for (int i = 0; i < header.length; i++) {
                columns.putIfAbsent(header[i].replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT), i);
            }
        }

        boolean next() throws IOException, CsvValidationException {
            do {
                line = csv.getLinesRead() + 1;
                row = csv.readNext();
            } while (row != null && row.length == 1 && row[0].isBlank());
            return row != null;
        }

        String text(String column) {
            Integer i = columns.get(column);
            return i == null || i >= row.length ? "" : row[i].strip();
        }

        int count(String column, int defaultValue) {
            String value = text(column);
            return value.isEmpty() ? defaultValue : Integer.parseInt(value);
        }

        boolean bool(String column, boolean defaultValue) {
            return switch (text(column).toLowerCase(Locale.ROOT)) {
                case "" -> defaultValue;
                case "true", "yes", "1" -> true;
                default -> false;
            };
        }

        String choice(String column, String defaultValue) {
            String value = text(column);
            return value.isEmpty() ? defaultValue : value.toUpperCase(Locale.ROOT);
        }

        List<String> list(String column) {
            String value = text(column);
            return value.isEmpty() ? List.of()
                    : Arrays.stream(value.split("\\|")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }

        @Override
        public void close() throws IOException {
            csv.close();
        }
    }

    private long importTenants() throws Exception {
        long rows = 0;
        try (Input in = new Input(tenantsFile); PreparedStatement insert = tx.prepareStatement("""
                INSERT INTO e4_tenant (migration_id, tenant_id, line_number, tenant_name, subscription_id, source_sku,
                    licenses, target_sku, target_subscription_id, target_licenses, target_status, purchase_channel,
                    payment_method, prepaid, sector, plans_for_product, add_ons, unpaid_balance, credit_check_pending,
                    upgrade_in_progress, service_status, upgrade_eligible, temporarily_unavailable)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            while (in.next()) {
                String tenantId = in.text("tenant_id");
                String source = in.text("source_sku");
                String unpaid = in.text("unpaid_balance");
                int p = 1;
                insert.setLong(p++, MIGRATION);
                insert.setString(p++, tenantId);
                insert.setLong(p++, in.line);
                insert.setString(p++, in.text("tenant_name"));
                insert.setString(p++, in.text("subscription_id"));
                insert.setString(p++, source);
                insert.setInt(p++, in.count("licenses", 0));
                insert.setString(p++, in.text("target_sku"));
                insert.setString(p++, in.text("target_subscription_id"));
                insert.setInt(p++, in.count("target_licenses", 0));
                insert.setString(p++, in.choice("target_status", "PENDING"));
                insert.setString(p++, in.choice("purchase_channel", "DIRECT"));
                insert.setString(p++, in.choice("payment_method", "CREDIT_CARD"));
                insert.setBoolean(p++, in.bool("prepaid", false));
                insert.setString(p++, in.choice("sector", "COMMERCIAL"));
                insert.setInt(p++, in.count("plans_for_product", 1));
                insert.setString(p++, String.join("|", in.list("add_ons")));
                insert.setBigDecimal(p++, unpaid.isEmpty() ? BigDecimal.ZERO : new BigDecimal(unpaid));
                insert.setBoolean(p++, in.bool("credit_check_pending", false));
                insert.setBoolean(p++, in.bool("upgrade_in_progress", false));
                insert.setString(p++, in.choice("service_status", "HEALTHY"));
                insert.setBoolean(p++, in.bool("upgrade_eligible", true));
                insert.setBoolean(p, in.bool("temporarily_unavailable", false));
                insert.addBatch();
                tenants.put(tenantId, new TenantRef(in.line, source));
                if (++rows % IMPORT_COMMIT == 0) {
                    insert.executeBatch();
                    tx.commit();
                }
            }
            insert.executeBatch();
            tx.commit();
        }
        return rows;
    }

    private long importUsers() throws Exception {
        long rows = 0;
        try (Input in = new Input(usersFile); PreparedStatement insert = tx.prepareStatement("""
                INSERT INTO e4_user (migration_id, tenant_id, user_id, line_number, tenant_line, user_principal_name,
                    display_name, licenses, usage_location, license_assignment, disabled_plans, account_enabled,
                    holds_source)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            while (in.next()) {
                String tenantId = in.text("tenant_id");
                TenantRef tenant = tenants.get(tenantId);
                if (tenant == null) {
                    continue; // the job rejects it; the bench files have none
                }
                List<String> licenses = in.list("licenses");
                boolean holds = licenses.stream().anyMatch(sku -> sku.equalsIgnoreCase(tenant.sourceSku()));
                int p = 1;
                insert.setLong(p++, MIGRATION);
                insert.setString(p++, tenantId);
                insert.setString(p++, in.text("user_id"));
                insert.setLong(p++, in.line);
                insert.setLong(p++, tenant.line());
                insert.setString(p++, in.text("user_principal_name"));
                insert.setString(p++, in.text("display_name"));
                insert.setString(p++, String.join("|", licenses));
                insert.setString(p++, in.text("usage_location").toUpperCase(Locale.ROOT));
                insert.setString(p++, in.choice("license_assignment", "DIRECT"));
                insert.setString(p++, String.join("|", in.list("disabled_plans")));
                insert.setBoolean(p++, in.bool("account_enabled", true));
                insert.setBoolean(p, holds);
                insert.addBatch();
                if (++rows % IMPORT_COMMIT == 0) {
                    insert.executeBatch();
                    tx.commit();
                }
            }
            insert.executeBatch();
            tx.commit();
        }
        return rows;
    }

    // --- eligibility -----------------------------------------------------------------------

    private long eligibility() throws SQLException {
        EligibilityRules rules = new EligibilityRules(sourceSku, catalog);
        Map<String, Integer> holders = new HashMap<>();
        try (PreparedStatement q = reader.prepareStatement("""
                SELECT tenant_id, COUNT(*) FROM e4_user WHERE migration_id = ? AND holds_source = TRUE
                GROUP BY tenant_id""")) {
            q.setLong(1, MIGRATION);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    holders.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        TenantRowMapper mapper = new TenantRowMapper();
        long rows = 0;
        try (PreparedStatement q = reader.prepareStatement(
                "SELECT * FROM e4_tenant WHERE migration_id = ? ORDER BY tenant_id");
             PreparedStatement update = tx.prepareStatement("""
                     UPDATE e4_tenant SET verdict = ?, reasons = ?, source_users = ?
                     WHERE migration_id = ? AND tenant_id = ?""")) {
            q.setLong(1, MIGRATION);
            q.setFetchSize(FETCH);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    Tenant tenant = mapper.mapRow(rs, (int) rows);
                    int a = holders.getOrDefault(tenant.tenantId(), 0);
                    List<ReasonCode> reasons = rules.reasonsFor(tenant, a);
                    update.setString(1, EligibilityProcessor.verdictOf(reasons).name());
                    update.setString(2, String.join("|", reasons.stream().map(Enum::name).toList()));
                    update.setInt(3, a);
                    update.setLong(4, MIGRATION);
                    update.setString(5, tenant.tenantId());
                    update.addBatch();
                    if (++rows % DECISION_COMMIT == 0) {
                        update.executeBatch();
                        tx.commit();
                    }
                }
            }
            update.executeBatch();
            tx.commit();
        }
        return rows;
    }

    // --- plan ------------------------------------------------------------------------------

    private long plan() throws Exception {
        ReassignmentPlanner planner = new ReassignmentPlanner(catalog);
        long rows = 0;
        int batch = 0;
        int usersInBatch = 0;
        String lastTenant = null;
        try (PreparedStatement q = reader.prepareStatement("""
                SELECT u.tenant_id, u.user_id, u.user_principal_name, u.usage_location, u.license_assignment,
                       u.disabled_plans, t.source_sku, t.target_sku, u.tenant_line, u.line_number
                FROM e4_user u JOIN e4_tenant t ON t.migration_id = u.migration_id AND t.tenant_id = u.tenant_id
                WHERE u.migration_id = ? AND u.holds_source = TRUE AND t.%s
                ORDER BY u.tenant_line, u.line_number""".formatted(MIGRATING));
             PreparedStatement insert = tx.prepareStatement("""
                     INSERT INTO e4_reassignment (migration_id, tenant_id, user_id, user_principal_name, from_sku,
                         to_sku, disabled_plans, status, detail, batch, tenant_line, user_line)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            q.setLong(1, MIGRATION);
            q.setFetchSize(FETCH);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    Reassignment move = planner.process(new PlanCandidate(rs.getString(1), rs.getString(2),
                            rs.getString(3), rs.getString(4), rs.getString(5), TenantRowMapper.list(rs.getString(6)),
                            rs.getString(7), rs.getString(8)));
                    Integer number = null;
                    if (move.status() == Reassignment.Status.PLANNED) {
                        if (!Objects.equals(lastTenant, move.tenantId()) || usersInBatch == USERS_PER_BATCH) {
                            batch++;
                            usersInBatch = 0;
                            lastTenant = move.tenantId();
                        }
                        usersInBatch++;
                        number = batch;
                    }
                    int p = 1;
                    insert.setLong(p++, MIGRATION);
                    insert.setString(p++, move.tenantId());
                    insert.setString(p++, move.userId());
                    insert.setString(p++, move.userPrincipalName());
                    insert.setString(p++, move.fromSku());
                    insert.setString(p++, move.toSku());
                    insert.setString(p++, String.join("|", move.disabledPlans()));
                    insert.setString(p++, move.status().name());
                    insert.setString(p++, move.detail());
                    insert.setObject(p++, number, java.sql.Types.INTEGER);
                    insert.setLong(p++, rs.getLong(9));
                    insert.setLong(p, rs.getLong(10));
                    insert.addBatch();
                    if (++rows % PLAN_COMMIT == 0) {
                        insert.executeBatch();
                        tx.commit();
                    }
                }
            }
            insert.executeBatch();
            tx.commit();
        }
        return rows;
    }

    // --- reassign: one transaction per write batch -----------------------------------------

    private record Move(String tenantId, String userId, String fromSku, String toSku, String disabledPlans, int batch) {
    }

    private long reassign() throws SQLException {
        long users = 0;
        PreparedStatement[] selects = new PreparedStatement[USERS_PER_BATCH + 1];
        try (PreparedStatement q = reader.prepareStatement("""
                SELECT tenant_id, user_id, from_sku, to_sku, disabled_plans, batch FROM e4_reassignment
                WHERE migration_id = ? AND status = 'PLANNED' ORDER BY batch, user_id""");
             PreparedStatement updateUser = tx.prepareStatement("""
                     UPDATE e4_user SET licenses = ?, disabled_plans = ?
                     WHERE migration_id = ? AND tenant_id = ? AND user_id = ?""");
             PreparedStatement updateMove = tx.prepareStatement("""
                     UPDATE e4_reassignment SET status = 'REASSIGNED', detail = NULL
                     WHERE migration_id = ? AND tenant_id = ? AND user_id = ? AND status = 'PLANNED'""")) {
            q.setLong(1, MIGRATION);
            q.setFetchSize(FETCH);
            List<Move> batch = new ArrayList<>(USERS_PER_BATCH);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    Move move = new Move(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getInt(6));
                    if (!batch.isEmpty() && batch.get(0).batch() != move.batch()) {
                        users += moveBatch(batch, selects, updateUser, updateMove);
                        batch.clear();
                    }
                    batch.add(move);
                }
            }
            if (!batch.isEmpty()) {
                users += moveBatch(batch, selects, updateUser, updateMove);
            }
        } finally {
            for (PreparedStatement select : selects) {
                if (select != null) {
                    select.close();
                }
            }
        }
        return users;
    }

    private int moveBatch(List<Move> batch, PreparedStatement[] selects, PreparedStatement updateUser,
            PreparedStatement updateMove) throws SQLException {
        Move first = batch.get(0);
        int n = batch.size();
        if (selects[n] == null) {
            selects[n] = tx.prepareStatement("SELECT user_id, licenses FROM e4_user WHERE migration_id = ? AND tenant_id = ?"
                    + " AND user_id IN (" + String.join(", ", java.util.Collections.nCopies(n, "?")) + ")");
        }
        PreparedStatement select = selects[n];
        select.setLong(1, MIGRATION);
        select.setString(2, first.tenantId());
        for (int i = 0; i < n; i++) {
            select.setString(3 + i, batch.get(i).userId());
        }
        Map<String, String> licenses = new HashMap<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                licenses.put(rs.getString(1), rs.getString(2));
            }
        }
        int moved = 0;
        for (Move move : batch) {
            String held = licenses.get(move.userId());
            if (held == null) {
                continue;
            }
            updateUser.setString(1, replace(held, move.fromSku(), move.toSku()));
            updateUser.setString(2, move.disabledPlans());
            updateUser.setLong(3, MIGRATION);
            updateUser.setString(4, move.tenantId());
            updateUser.setString(5, move.userId());
            updateUser.addBatch();
            updateMove.setLong(1, MIGRATION);
            updateMove.setString(2, move.tenantId());
            updateMove.setString(3, move.userId());
            updateMove.addBatch();
            moved++;
        }
        updateUser.executeBatch();
        updateMove.executeBatch();
        tx.commit();
        return moved;
    }

    /** The job's own rule: the source SKU gives way to the target in place. */
    private static String replace(String held, String fromSku, String toSku) {
        List<String> skus = held.isEmpty() ? List.of() : Arrays.asList(held.split("\\|"));
        return String.join("|", EmbeddedLicenseGateway.replace(skus, fromSku, toSku));
    }

    // --- cancel ----------------------------------------------------------------------------

    private long cancel() throws SQLException {
        long rows = 0;
        try (PreparedStatement q = reader.prepareStatement("""
                SELECT t.tenant_id, t.subscription_id, t.source_sku,
                       (SELECT COUNT(*) FROM e4_reassignment r
                        WHERE r.migration_id = t.migration_id AND r.tenant_id = t.tenant_id
                          AND r.status = 'SKIPPED') AS still_on_source
                FROM e4_tenant t WHERE t.migration_id = ? AND t.%s ORDER BY t.tenant_id""".formatted(MIGRATING));
             PreparedStatement cancelSubscription = tx.prepareStatement("""
                     UPDATE e4_tenant SET subscription_state = 'CANCELLED'
                     WHERE migration_id = ? AND tenant_id = ? AND subscription_state = 'ACTIVE'""");
             PreparedStatement insert = tx.prepareStatement("""
                     INSERT INTO e4_cancellation (migration_id, tenant_id, subscription_id, sku, status, detail)
                     VALUES (?, ?, ?, ?, ?, ?)""")) {
            q.setLong(1, MIGRATION);
            q.setFetchSize(FETCH);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    String tenantId = rs.getString(1);
                    String sku = rs.getString(3);
                    int remaining = rs.getInt(4);
                    String status = "CANCELLED";
                    String detail = null;
                    if (remaining > 0) {
                        status = "KEPT";
                        detail = remaining + (remaining == 1 ? " user still holds " : " users still hold ") + sku;
                    } else {
                        cancelSubscription.setLong(1, MIGRATION);
                        cancelSubscription.setString(2, tenantId);
                        cancelSubscription.executeUpdate();
                    }
                    insert.setLong(1, MIGRATION);
                    insert.setString(2, tenantId);
                    insert.setString(3, rs.getString(2));
                    insert.setString(4, sku);
                    insert.setString(5, status);
                    insert.setString(6, detail);
                    insert.addBatch();
                    if (++rows % CANCEL_COMMIT == 0) {
                        insert.executeBatch();
                        tx.commit();
                    }
                }
            }
            insert.executeBatch();
            tx.commit();
        }
        return rows;
    }

    // --- reports ---------------------------------------------------------------------------

    private long reports() throws Exception {
        long rows = 0;
        rows += report("eligibility.csv", "tenant_id,tenant_name,verdict,reasons,remediation", """
                SELECT tenant_id, tenant_name, verdict, reasons, '' FROM e4_tenant
                WHERE migration_id = ? AND verdict IS NOT NULL ORDER BY line_number""");
        rows += report("reassignments.csv",
                "tenant_id,user_id,user_principal_name,from_sku,to_sku,disabled_plans,status,detail,batch", """
                SELECT tenant_id, user_id, user_principal_name, from_sku, to_sku, disabled_plans, status, detail, batch
                FROM e4_reassignment
                WHERE migration_id = ?
                ORDER BY tenant_line, user_line""");
        rows += report("cancellations.csv", "tenant_id,subscription_id,sku,status,detail", """
                SELECT c.tenant_id, c.subscription_id, c.sku, c.status, c.detail
                FROM e4_cancellation c
                JOIN e4_tenant t ON t.migration_id = c.migration_id AND t.tenant_id = c.tenant_id
                WHERE c.migration_id = ?
                ORDER BY t.line_number""");
        rows += report("rejects.csv", "file,line,reason,record", """
                SELECT file_name, line_number, reason, record FROM e4_reject
                WHERE migration_id = ? ORDER BY file_name, line_number""");
        return rows;
    }

    private long report(String fileName, String header, String sql) throws Exception {
        long rows = 0;
        try (Writer file = Files.newBufferedWriter(out.resolve(fileName), StandardCharsets.UTF_8);
             ICSVWriter csv = new CSVWriterBuilder(file).withLineEnd("\n").build();
             PreparedStatement q = reader.prepareStatement(sql)) {
            file.write(header + "\n");
            q.setLong(1, MIGRATION);
            q.setFetchSize(FETCH);
            try (ResultSet rs = q.executeQuery()) {
                int width = rs.getMetaData().getColumnCount();
                String[] cells = new String[width];
                while (rs.next()) {
                    for (int i = 0; i < width; i++) {
                        cells[i] = Csv.formulaSafe(rs.getString(i + 1));
                    }
                    csv.writeNext(cells, false);
                    rows++;
                }
            }
        }
        return rows;
    }
}
