package com.m365.e4upgrade.input;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Stores the accepted tenants of a chunk and the rejected rows. A tenant_id already
 * stored, or seen earlier in the chunk, in any case, is rejected naming the line where it
 * first appeared: the first row wins, whatever the chunk boundaries were.
 */
public class TenantImportWriter implements ItemWriter<ImportedRow<Tenant>> {

    public static final String FILE_NAME = "tenants.csv";

    private final TenantRepository tenants;

    private final RejectRepository rejects;

    private final long migrationId;

    public TenantImportWriter(TenantRepository tenants, RejectRepository rejects, long migrationId) {
        this.tenants = tenants;
        this.rejects = rejects;
        this.migrationId = migrationId;
    }

    @Override
    public void write(Chunk<? extends ImportedRow<Tenant>> chunk) {
        ImportedRow.Split<Tenant> rows = ImportedRow.Split.of(chunk);
        List<ImportedRow.Rejected<Tenant>> rejected = rows.rejected();
        Map<String, Long> firstLines = tenants.storedLines(migrationId,
                rows.accepted().stream().map(row -> Guids.key(row.value().tenantId())).distinct().toList());
        List<ImportedRow.Accepted<Tenant>> inserts = new ArrayList<>();
        for (ImportedRow.Accepted<Tenant> row : rows.accepted()) {
            Long firstLine = firstLines.putIfAbsent(Guids.key(row.value().tenantId()), row.line());
            if (firstLine != null) {
                rejected.add(new ImportedRow.Rejected<>(row.line(), "tenant_id: duplicate of line " + firstLine,
                        row.record()));
            }
            else {
                inserts.add(row);
            }
        }
        tenants.insertAll(migrationId, inserts);
        rejects.saveAll(migrationId, FILE_NAME, rejected);
    }

}
