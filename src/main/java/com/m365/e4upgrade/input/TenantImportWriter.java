package com.m365.e4upgrade.input;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Stores the accepted tenants of a chunk and the rejected rows. A tenant_id already
 * stored, or seen earlier in the chunk, in any case, is rejected naming the line where it
 * first appeared: the first row wins, whatever the chunk boundaries were. As for the
 * users ({@link UserImportWriter}), the primary key finds a tenant stored before, so the
 * usual chunk is one batch insert: looking each tenant up first took a quarter of the
 * step.
 */
public class TenantImportWriter implements ItemWriter<ImportedRow<Tenant>> {

    public static final String FILE_NAME = "tenants.csv";

    private final TenantRepository tenants;

    private final RejectRepository rejects;

    private final DataSource dataSource;

    private final long migrationId;

    public TenantImportWriter(TenantRepository tenants, RejectRepository rejects, DataSource dataSource,
            long migrationId) {
        this.tenants = tenants;
        this.rejects = rejects;
        this.dataSource = dataSource;
        this.migrationId = migrationId;
    }

    @Override
    public void write(Chunk<? extends ImportedRow<Tenant>> chunk) throws SQLException {
        ImportedRow.Split<Tenant> rows = ImportedRow.Split.of(chunk);
        List<ImportedRow.Rejected<Tenant>> rejected = rows.rejected();
        Map<String, Long> firstLines = new HashMap<>();
        List<ImportedRow.Accepted<Tenant>> inserts = new ArrayList<>();
        List<ImportedRow.Accepted<Tenant>> repeats = new ArrayList<>();
        for (ImportedRow.Accepted<Tenant> row : rows.accepted()) {
            boolean first = firstLines.putIfAbsent(Guids.key(row.value().tenantId()), row.line()) == null;
            (first ? inserts : repeats).add(row);
        }
        // a tenant stored before was first there, and its repeats in this chunk name that
        // line
        firstLines.putAll(insert(inserts, rejected));
        for (ImportedRow.Accepted<Tenant> row : repeats) {
            rejected.add(duplicate(row, firstLines.get(Guids.key(row.value().tenantId()))));
        }
        rejects.saveAll(migrationId, FILE_NAME, rejected);
    }

    /**
     * One batch insert; if a tenant was stored before, the insert is undone to a
     * savepoint, those tenants are rejected and the others inserted.
     * @return the line of each tenant found stored before, by key (none, usually)
     */
    private Map<String, Long> insert(List<ImportedRow.Accepted<Tenant>> rows,
            List<ImportedRow.Rejected<Tenant>> rejected) throws SQLException {
        if (rows.isEmpty()) {
            return Map.of();
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        Savepoint beforeInsert = connection.setSavepoint();
        try {
            tenants.insertAll(migrationId, rows);
            connection.releaseSavepoint(beforeInsert);
            return Map.of();
        }
        catch (DuplicateKeyException storedBefore) {
            connection.rollback(beforeInsert);
            Map<String, Long> stored = tenants.storedLines(migrationId,
                    rows.stream().map(row -> Guids.key(row.value().tenantId())).toList());
            List<ImportedRow.Accepted<Tenant>> inserts = new ArrayList<>();
            for (ImportedRow.Accepted<Tenant> row : rows) {
                Long firstLine = stored.get(Guids.key(row.value().tenantId()));
                if (firstLine != null) {
                    rejected.add(duplicate(row, firstLine));
                }
                else {
                    inserts.add(row);
                }
            }
            tenants.insertAll(migrationId, inserts);
            return stored;
        }
    }

    private static ImportedRow.Rejected<Tenant> duplicate(ImportedRow.Accepted<Tenant> row, long firstLine) {
        return new ImportedRow.Rejected<>(row.line(), "tenant_id: duplicate of line " + firstLine, row.record());
    }

}
