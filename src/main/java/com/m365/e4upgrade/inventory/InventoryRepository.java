package com.m365.e4upgrade.inventory;

import java.util.List;
import java.util.function.Consumer;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;

/**
 * Every statement on {@code e4_inventory_line}: the lines of the inventory's files, by
 * file, the tenant's line in tenants.csv and their order within it. A tenant's lines are
 * written in the chunk that read it, replacing any an interrupted chunk may have left.
 */
@Repository
public class InventoryRepository {

    /** A line of one of the files, the header being tenant line 0. */
    public record Line(String file, long tenantLine, int seq, String text) {
    }

    private final NamedParameterJdbcTemplate jdbc;

    public InventoryRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void replace(long inventoryId, List<Long> tenantLines, List<Line> lines) {
        if (!tenantLines.isEmpty()) {
            jdbc.update("DELETE FROM e4_inventory_line WHERE inventory_id = :inventoryId AND tenant_line IN (:lines)",
                    new MapSqlParameterSource("inventoryId", inventoryId).addValue("lines", tenantLines));
        }
        jdbc.batchUpdate("""
                INSERT INTO e4_inventory_line (inventory_id, file_name, tenant_line, seq, line)
                VALUES (:inventoryId, :file, :tenantLine, :seq, :line)""",
                lines.stream()
                    .map(line -> new MapSqlParameterSource("inventoryId", inventoryId).addValue("file", line.file())
                        .addValue("tenantLine", line.tenantLine())
                        .addValue("seq", line.seq())
                        .addValue("line", line.text()))
                    .toArray(SqlParameterSource[]::new));
    }

    /** The file's lines in order, streamed. */
    public void lines(long inventoryId, String file, Consumer<String> line) {
        jdbc.query("""
                SELECT line FROM e4_inventory_line WHERE inventory_id = :inventoryId AND file_name = :file
                ORDER BY tenant_line, seq""",
                new MapSqlParameterSource("inventoryId", inventoryId).addValue("file", file), rs -> {
                    line.accept(rs.getString(1));
                });
    }

    public long count(long inventoryId, String file) {
        return jdbc.queryForObject(
                "SELECT COUNT(*) FROM e4_inventory_line WHERE inventory_id = :inventoryId AND file_name = :file",
                new MapSqlParameterSource("inventoryId", inventoryId).addValue("file", file), Long.class);
    }

}
