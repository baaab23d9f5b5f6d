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
 * Stores the accepted users of a chunk. The user's tenant must be an accepted tenant,
 * looked up in the tenants stored by the previous step (held in memory: one small entry
 * per tenant, whatever the number of users). Ids compare in any case ({@link Guids}). A
 * user_id already stored in that tenant is rejected naming the first line: the primary
 * key finds it, so the usual chunk costs one batch insert, and only a chunk that holds a
 * duplicate is replayed row by row from a savepoint. The users holding their tenant's
 * source plan are added to its count, for eligibility, and those of them the job cannot
 * license directly to another, for the cancellation
 * ({@link TenantUser#licensableDirectly}).
 */
public class UserImportWriter implements ItemWriter<ImportedRow<TenantUser>> {

    public static final String FILE_NAME = "users.csv";

    private final UserRepository users;

    private final TenantRepository tenantRepository;

    private final DataSource dataSource;

    private final RejectRepository rejects;

    private final long migrationId;

    private Map<String, TenantRepository.TenantRef> tenants;

    public UserImportWriter(UserRepository users, TenantRepository tenants, DataSource dataSource,
            RejectRepository rejects, long migrationId) {
        this.users = users;
        this.tenantRepository = tenants;
        this.dataSource = dataSource;
        this.rejects = rejects;
        this.migrationId = migrationId;
    }

    @Override
    public void write(Chunk<? extends ImportedRow<TenantUser>> chunk) throws SQLException {
        ImportedRow.Split<TenantUser> rows = ImportedRow.Split.of(chunk);
        List<ImportedRow.Rejected<TenantUser>> rejected = rows.rejected();
        List<UserRepository.NewUser> insertable = new ArrayList<>();
        Map<String, Long> firstLines = new HashMap<>();
        List<ImportedRow.Accepted<TenantUser>> repeats = new ArrayList<>();
        for (ImportedRow.Accepted<TenantUser> row : rows.accepted()) {
            TenantUser user = row.value();
            String tenantKey = Guids.key(user.tenantId());
            TenantRepository.TenantRef tenant = tenant(tenantKey);
            if (tenant == null) {
                rejected.add(new ImportedRow.Rejected<>(row.line(),
                        "tenant_id: " + user.tenantId() + " is not an accepted tenant of tenants.csv", row.record()));
                continue;
            }
            String userKey = Guids.key(user.userId());
            if (firstLines.putIfAbsent(tenantKey + '/' + userKey, row.line()) != null) {
                repeats.add(row);
                continue;
            }
            insertable.add(
                    new UserRepository.NewUser(row, tenantKey, userKey, tenant.line(), user.holds(tenant.sourceSku())));
        }
        List<UserRepository.NewUser> stored = insert(insertable, rejected, firstLines);
        for (ImportedRow.Accepted<TenantUser> row : repeats) {
            rejected.add(duplicate(row,
                    firstLines.get(Guids.key(row.value().tenantId()) + '/' + Guids.key(row.value().userId()))));
        }
        Map<String, HolderCounts> holders = new HashMap<>();
        for (UserRepository.NewUser row : stored) {
            if (row.holdsSource()) {
                holders.merge(row.tenantKey(), new HolderCounts(1, row.row().value().licensableDirectly() ? 0 : 1),
                        HolderCounts::plus);
            }
        }
        if (!holders.isEmpty()) {
            tenantRepository.addHolders(migrationId, holders);
        }
        rejects.saveAll(migrationId, FILE_NAME, rejected);
    }

    /**
     * @param firstLines where each user of the chunk was first seen, by tenant and user
     * key: a user found stored before was first on its stored line, which its repeats in
     * this chunk then name
     * @return the rows stored: all of them, or those not found stored before
     */
    private List<UserRepository.NewUser> insert(List<UserRepository.NewUser> rows,
            List<ImportedRow.Rejected<TenantUser>> rejected, Map<String, Long> firstLines) throws SQLException {
        if (rows.isEmpty()) {
            return rows;
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        Savepoint beforeInsert = connection.setSavepoint();
        try {
            users.insertAll(migrationId, rows);
            connection.releaseSavepoint(beforeInsert);
            return rows;
        }
        catch (DuplicateKeyException storedBefore) {
            connection.rollback(beforeInsert);
            List<UserRepository.NewUser> stored = new ArrayList<>();
            for (UserRepository.NewUser row : rows) {
                Long firstLine = users.storedLine(migrationId, row.tenantLine(), row.userKey());
                if (firstLine != null) {
                    rejected.add(duplicate(row.row(), firstLine));
                    firstLines.put(row.tenantKey() + '/' + row.userKey(), firstLine);
                }
                else {
                    users.insert(migrationId, row);
                    stored.add(row);
                }
            }
            return stored;
        }
    }

    private static ImportedRow.Rejected<TenantUser> duplicate(ImportedRow.Accepted<TenantUser> row, long firstLine) {
        return new ImportedRow.Rejected<>(row.line(), "user_id: duplicate of line " + firstLine + " in the same tenant",
                row.record(), Guids.key(row.value().tenantId()));
    }

    private TenantRepository.TenantRef tenant(String tenantKey) {
        if (tenants == null) {
            tenants = tenantRepository.refs(migrationId);
        }
        return tenants.get(tenantKey);
    }

}
