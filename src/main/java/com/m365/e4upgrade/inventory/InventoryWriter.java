package com.m365.e4upgrade.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

import com.m365.e4upgrade.input.CsvRecord;
import com.m365.e4upgrade.input.Guids;
import com.m365.e4upgrade.licensing.Sku;
import com.m365.e4upgrade.licensing.SkuCatalog;
import com.m365.e4upgrade.licensing.TenantInventory;
import com.m365.e4upgrade.licensing.TenantInventory.LiveTenant;
import com.m365.e4upgrade.reports.FormulaSafeCsvLineAggregator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.beans.factory.DisposableBean;

/**
 * Reads the chunk's tenants from the live tenants, several at once, and stores the lines
 * they make of each file in the chunk's transaction: a killed inventory resumes after its
 * last committed chunk, and a tenant read twice replaces its own lines. A tenant that
 * refuses the app (or a row that names no tenant) is one line of inventory-errors.csv and
 * nothing else; a Graph that stays throttled or unavailable fails the chunk, to be
 * resumed.
 */
public class InventoryWriter implements ItemWriter<CsvRecord>, DisposableBean {

    static final String TENANTS = "tenants.csv";

    static final String USERS = "users.csv";

    static final String CHANGES = "inventory-changes.csv";

    static final String ERRORS = "inventory-errors.csv";

    private static final Logger log = LoggerFactory.getLogger(InventoryWriter.class);

    private final TenantInventory inventory;

    private final InventoryRows rows;

    private final SkuCatalog catalog;

    private final String defaultSourceSku;

    private final InventoryRepository lines;

    private final long inventoryId;

    private final ExecutorService readers;

    private final FormulaSafeCsvLineAggregator csv = new FormulaSafeCsvLineAggregator();

    public InventoryWriter(TenantInventory inventory, SkuCatalog catalog, String defaultSourceSku,
            InventoryRepository lines, long inventoryId, ExecutorService readers) {
        this.inventory = inventory;
        this.rows = new InventoryRows(catalog);
        this.catalog = catalog;
        this.defaultSourceSku = defaultSourceSku;
        this.lines = lines;
        this.inventoryId = inventoryId;
        this.readers = readers;
    }

    @Override
    public void write(Chunk<? extends CsvRecord> chunk) throws Exception {
        List<Future<List<InventoryRepository.Line>>> read = new ArrayList<>();
        List<Long> tenantLines = new ArrayList<>();
        List<InventoryRepository.Line> all = new ArrayList<>();
        for (CsvRecord row : chunk) {
            if (tenantLines.isEmpty()) {
                // tenants.csv's header, as line 0, with every chunk: a resumed inventory
                // has it whichever chunk committed first
                List<String> header = InventoryRows.tenantsHeader(row.header().names());
                all.add(new InventoryRepository.Line(TENANTS, 0, 0, csv.aggregate(header.toArray(String[]::new))));
                tenantLines.add(0L);
            }
            tenantLines.add(row.line());
            read.add(readers.submit(() -> linesOf(row)));
        }
        for (Future<List<InventoryRepository.Line>> tenant : read) {
            try {
                all.addAll(tenant.get());
            }
            catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }
        lines.replace(inventoryId, tenantLines, all);
    }

    private List<InventoryRepository.Line> linesOf(CsvRecord row) {
        List<InventoryRepository.Line> out = new ArrayList<>();
        String tenantId = row.value("tenant_id");
        String sourceName = row.value("source_sku").isEmpty() ? defaultSourceSku : row.value("source_sku");
        Optional<Sku> source = catalog.find(sourceName);
        String problem = row.unterminatedQuote() ? "a quoted cell is never closed"
                : !Guids.isGuid(tenantId) ? "tenant_id \"" + tenantId + "\" is not a GUID"
                        : source.isEmpty() ? "source_sku " + sourceName + " is not in the SKU catalog" : null;
        if (problem == null) {
            try {
                LiveTenant live = inventory.read(tenantId.toLowerCase(Locale.ROOT), source.get());
                List<String> header = InventoryRows.tenantsHeader(row.header().names());
                Map<String, String> columns = rows.liveColumns(row, source.get(), live);
                out.add(line(TENANTS, row, 0, InventoryRows.tenantRow(row, header, columns)));
                int seq = 0;
                for (String[] user : rows.userRows(tenantId, source.get(), live)) {
                    out.add(line(USERS, row, seq++, user));
                }
                seq = 0;
                for (String[] change : InventoryRows.changes(row, columns)) {
                    out.add(line(CHANGES, row, seq++, change));
                }
                return out;
            }
            catch (TenantInventory.TenantUnreadableException refused) {
                problem = refused.getMessage();
            }
        }
        log.warn("tenants.csv line {}: tenant {} left out of the inventory: {}", row.line(), tenantId, problem);
        out.add(line(ERRORS, row, 0, new String[] { tenantId, Long.toString(row.line()), problem }));
        return out;
    }

    private InventoryRepository.Line line(String file, CsvRecord row, int seq, String[] cells) {
        return new InventoryRepository.Line(file, row.line(), seq, csv.aggregate(cells));
    }

    /** The step is over: its reading threads go. */
    @Override
    public void destroy() {
        readers.shutdownNow();
    }

}
