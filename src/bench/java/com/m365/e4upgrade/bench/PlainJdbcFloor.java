package com.m365.e4upgrade.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.opencsv.CSVReader;
import com.opencsv.CSVReaderBuilder;
import com.opencsv.CSVWriterBuilder;
import com.opencsv.ICSVWriter;
import com.opencsv.exceptions.CsvValidationException;

/**
 * The floor the job is measured against (issue 15): the simplest program doing the same load,
 * moves and report, with no framework, no rules and no restart bookkeeping. Unlike
 * {@link PlainJdbcBaseline}, it copies nothing of the job's design:
 * <ul>
 * <li>opencsv reads both files (columns by header name);</li>
 * <li>an H2 file database with H2's default settings ({@code jdbc:h2:file:<work>/floor}, so
 * WRITE_DELAY stays at H2's 500 ms);</li>
 * <li>tenants and users are loaded with JDBC batches, a commit every 1,000 rows;</li>
 * <li>one query joins the holders of the tenant's source plan with their tenants, in (tenant,
 * user) order;</li>
 * <li>every 20 users of one tenant: a ledger row insert and a license update per user, then one
 * commit;</li>
 * <li>one update cancels every tenant;</li>
 * <li>the ledger is written as CSV with opencsv.</li>
 * </ul>
 * It prints its phases and a machine-readable {@code FLOOR total_ms=... <phase>_ms=...
 * <phase>_items=...} line for jobs/bench/run-benchmark.sh.
 *
 * <pre>
 * PlainJdbcFloor --tenants=FILE --users=FILE --work=DIR [--h2-settings=";WRITE_DELAY=0"]
 * </pre>
 *
 * {@code --h2-settings} is for experiments only (what a setting costs on the simplest
 * workload); the benchmark runs the floor without it.
 */
public final class PlainJdbcFloor {

    private static final int COMMIT_EVERY = 1_000;

    private static final int USERS_PER_BATCH = 20;

    private final Connection db;

    private final List<String[]> phases = new ArrayList<>();

    /** tenant_id -> source_sku: a user holds the source plan when it is among its licenses. */
    private final Map<String, String> sourceSkus = new HashMap<>();

    private PlainJdbcFloor(Connection db) {
        this.db = db;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = BenchArgs.parse(args, "tenants", "users", "work", "h2-settings");
        Path work = Path.of(BenchArgs.required(options, "work")).toAbsolutePath();
        Files.createDirectories(work);
        for (String leftover : List.of("floor.mv.db", "floor.trace.db", "floor.lock.db")) {
            Files.deleteIfExists(work.resolve(leftover)); // always a fresh database
        }
        long start = System.nanoTime();
        // H2's defaults, unless an experiment asks for settings (--h2-settings=";WRITE_DELAY=0")
        String url = "jdbc:h2:file:" + work.resolve("floor") + options.getOrDefault("h2-settings", "");
        try (Connection db = DriverManager.getConnection(url, "sa", "")) {
            db.setAutoCommit(false);
            PlainJdbcFloor floor = new PlainJdbcFloor(db);
            floor.phase("schema", "-", floor::schema);
            floor.phase("importTenants", "tenants",
                    () -> floor.importTenants(Path.of(BenchArgs.required(options, "tenants"))));
            floor.phase("importUsers", "users", () -> floor.importUsers(Path.of(BenchArgs.required(options, "users"))));
            floor.phase("reassign", "users", floor::reassign);
            floor.phase("cancel", "tenants", floor::cancel);
            floor.phase("reports", "rows", () -> floor.ledgerCsv(work.resolve("ledger.csv")));
            floor.print((System.nanoTime() - start) / 1_000_000);
        }
    }

    private interface Phase {

        long run() throws Exception;

    }

    private void phase(String name, String unit, Phase phase) throws Exception {
        long start = System.nanoTime();
        long items = phase.run();
        phases.add(new String[] { name, Long.toString((System.nanoTime() - start) / 1_000_000), Long.toString(items),
                unit });
    }

    private void print(long totalMillis) {
        System.out.println("PlainJdbcFloor: phase timings");
        StringBuilder machine = new StringBuilder("FLOOR total_ms=" + totalMillis);
        for (String[] p : phases) {
            long millis = Long.parseLong(p[1]);
            long items = Long.parseLong(p[2]);
            System.out.printf(Locale.ROOT, "  %-14s %10.2f %,12d %,12.0f %s%n", p[0], millis / 1000.0, items,
                    (millis == 0) ? 0.0 : items * 1000.0 / millis, p[3]);
            machine.append(' ').append(p[0]).append("_ms=").append(p[1]);
            machine.append(' ').append(p[0]).append("_items=").append(p[2]);
        }
        System.out.printf(Locale.ROOT, "  %-14s %10.2f%n", "total", totalMillis / 1000.0);
        System.out.println(machine);
    }

    private long schema() throws SQLException {
        try (Statement st = this.db.createStatement()) {
            st.execute("""
                    CREATE TABLE tenant (tenant_id VARCHAR(64) PRIMARY KEY, tenant_name VARCHAR(256),
                        subscription_id VARCHAR(64), source_sku VARCHAR(64), target_sku VARCHAR(64),
                        state VARCHAR(16) NOT NULL)""");
            st.execute("""
                    CREATE TABLE app_user (tenant_id VARCHAR(64) NOT NULL, user_id VARCHAR(64) NOT NULL,
                        user_principal_name VARCHAR(256), display_name VARCHAR(256), licenses VARCHAR(512),
                        usage_location VARCHAR(8), license_assignment VARCHAR(16), disabled_plans VARCHAR(512),
                        holds_source BOOLEAN NOT NULL, PRIMARY KEY (tenant_id, user_id))""");
            st.execute("""
                    CREATE TABLE ledger (tenant_id VARCHAR(64) NOT NULL, user_id VARCHAR(64) NOT NULL,
                        from_sku VARCHAR(64), to_sku VARCHAR(64), batch INT NOT NULL,
                        PRIMARY KEY (tenant_id, user_id))""");
        }
        this.db.commit();
        return 3;
    }

    /** A CSV file read with opencsv, its cells by header name. */
    private static final class Rows implements AutoCloseable {

        private final CSVReader csv;

        private final Map<String, Integer> columns = new HashMap<>();

        private String[] row;

        Rows(Path file) throws IOException, CsvValidationException {
            Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            this.csv = new CSVReaderBuilder(reader).build();
            String[] header = this.csv.readNext();
            for (int i = 0; i < header.length; i++) {
                this.columns.put(header[i].replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT), i);
            }
        }

        boolean next() throws IOException, CsvValidationException {
            this.row = this.csv.readNext();
            return this.row != null;
        }

        String get(String column) {
            Integer i = this.columns.get(column);
            return (i == null || i >= this.row.length) ? null : this.row[i];
        }

        @Override
        public void close() throws IOException {
            this.csv.close();
        }

    }

    private long importTenants(Path file) throws Exception {
        long rows = 0;
        try (Rows in = new Rows(file);
                PreparedStatement insert = this.db.prepareStatement("""
                        INSERT INTO tenant (tenant_id, tenant_name, subscription_id, source_sku, target_sku, state)
                        VALUES (?, ?, ?, ?, ?, 'ACTIVE')""")) {
            while (in.next()) {
                insert.setString(1, in.get("tenant_id"));
                insert.setString(2, in.get("tenant_name"));
                insert.setString(3, in.get("subscription_id"));
                insert.setString(4, in.get("source_sku"));
                insert.setString(5, in.get("target_sku"));
                insert.addBatch();
                this.sourceSkus.put(in.get("tenant_id"), in.get("source_sku"));
                if (++rows % COMMIT_EVERY == 0) {
                    insert.executeBatch();
                    this.db.commit();
                }
            }
            insert.executeBatch();
            this.db.commit();
        }
        return rows;
    }

    private long importUsers(Path file) throws Exception {
        long rows = 0;
        try (Rows in = new Rows(file);
                PreparedStatement insert = this.db.prepareStatement("""
                        INSERT INTO app_user (tenant_id, user_id, user_principal_name, display_name, licenses,
                            usage_location, license_assignment, disabled_plans, holds_source)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            while (in.next()) {
                String tenantId = in.get("tenant_id");
                String licenses = in.get("licenses");
                String source = this.sourceSkus.get(tenantId);
                insert.setString(1, tenantId);
                insert.setString(2, in.get("user_id"));
                insert.setString(3, in.get("user_principal_name"));
                insert.setString(4, in.get("display_name"));
                insert.setString(5, licenses);
                insert.setString(6, in.get("usage_location"));
                insert.setString(7, in.get("license_assignment"));
                insert.setString(8, in.get("disabled_plans"));
                insert.setBoolean(9, source != null && holds(licenses, source));
                insert.addBatch();
                if (++rows % COMMIT_EVERY == 0) {
                    insert.executeBatch();
                    this.db.commit();
                }
            }
            insert.executeBatch();
            this.db.commit();
        }
        return rows;
    }

    private static boolean holds(String licenses, String sku) {
        if (licenses == null) {
            return false;
        }
        for (String held : licenses.split("\\|")) {
            if (held.strip().equalsIgnoreCase(sku)) {
                return true;
            }
        }
        return false;
    }

    /** The source plan gives way to the target in place. */
    private static String replace(String licenses, String from, String to) {
        StringBuilder moved = new StringBuilder();
        for (String held : licenses.split("\\|")) {
            String sku = held.strip();
            if (!sku.isEmpty() && !sku.equalsIgnoreCase(to)) {
                moved.append(moved.isEmpty() ? "" : "|").append(sku.equalsIgnoreCase(from) ? to : sku);
            }
        }
        return moved.toString();
    }

    private long reassign() throws SQLException {
        long users = 0;
        int batch = 0;
        int inBatch = 0;
        String lastTenant = null;
        try (Statement query = this.db.createStatement();
                PreparedStatement ledger = this.db.prepareStatement(
                        "INSERT INTO ledger (tenant_id, user_id, from_sku, to_sku, batch) VALUES (?, ?, ?, ?, ?)");
                PreparedStatement update = this.db
                    .prepareStatement("UPDATE app_user SET licenses = ? WHERE tenant_id = ? AND user_id = ?")) {
            query.setFetchSize(1_000);
            try (ResultSet rs = query.executeQuery("""
                    SELECT u.tenant_id, u.user_id, u.licenses, t.source_sku, t.target_sku
                    FROM app_user u JOIN tenant t ON t.tenant_id = u.tenant_id
                    WHERE u.holds_source
                    ORDER BY u.tenant_id, u.user_id""")) {
                while (rs.next()) {
                    String tenantId = rs.getString(1);
                    if (inBatch == USERS_PER_BATCH || !tenantId.equals(lastTenant)) {
                        flush(ledger, update, inBatch);
                        batch++;
                        inBatch = 0;
                        lastTenant = tenantId;
                    }
                    String userId = rs.getString(2);
                    String from = rs.getString(4);
                    String to = rs.getString(5);
                    ledger.setString(1, tenantId);
                    ledger.setString(2, userId);
                    ledger.setString(3, from);
                    ledger.setString(4, to);
                    ledger.setInt(5, batch);
                    ledger.addBatch();
                    update.setString(1, replace(rs.getString(3), from, to));
                    update.setString(2, tenantId);
                    update.setString(3, userId);
                    update.addBatch();
                    inBatch++;
                    users++;
                }
            }
            flush(ledger, update, inBatch);
        }
        return users;
    }

    /** One write batch: its ledger rows and license updates, then one commit. */
    private void flush(PreparedStatement ledger, PreparedStatement update, int users) throws SQLException {
        if (users > 0) {
            ledger.executeBatch();
            update.executeBatch();
            this.db.commit();
        }
    }

    private long cancel() throws SQLException {
        int tenants;
        try (Statement st = this.db.createStatement()) {
            tenants = st.executeUpdate("UPDATE tenant SET state = 'CANCELLED' WHERE state = 'ACTIVE'");
        }
        this.db.commit();
        return tenants;
    }

    private long ledgerCsv(Path file) throws Exception {
        long rows = 0;
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                ICSVWriter csv = new CSVWriterBuilder(out).withLineEnd("\n").build();
                Statement query = this.db.createStatement()) {
            csv.writeNext(new String[] { "tenant_id", "user_id", "from_sku", "to_sku", "batch" }, false);
            query.setFetchSize(1_000);
            try (ResultSet rs = query
                .executeQuery("SELECT tenant_id, user_id, from_sku, to_sku, batch FROM ledger ORDER BY tenant_id, user_id")) {
                String[] cells = new String[5];
                while (rs.next()) {
                    for (int i = 0; i < cells.length; i++) {
                        cells[i] = rs.getString(i + 1);
                    }
                    csv.writeNext(cells, false);
                    rows++;
                }
            }
        }
        return rows;
    }

}
