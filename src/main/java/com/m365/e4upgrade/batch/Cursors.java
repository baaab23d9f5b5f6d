package com.m365.e4upgrade.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.batch.infrastructure.item.database.builder.JdbcCursorItemReaderBuilder;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterUtils;
import org.springframework.jdbc.core.namedparam.ParsedSql;

/**
 * Every stage reads with one streaming query: page queries re-count or re-walk what is
 * already done. Repositories write their queries with named parameters; Spring Batch's
 * cursor reader binds positional ones, so the names are resolved here, lists expanded.
 */
public final class Cursors {

    public static final int FETCH_SIZE = 500;

    private Cursors() {
    }

    /**
     * A cursor reader over that query. Auto-commit is off so that PostgreSQL streams the
     * rows instead of loading them all.
     */
    public static <T> JdbcCursorItemReaderBuilder<T> query(String name, DataSource dataSource, String namedSql,
            Map<String, ?> parameters, RowMapper<T> rowMapper) {
        MapSqlParameterSource values = new MapSqlParameterSource(parameters);
        ParsedSql parsed = NamedParameterUtils.parseSqlStatement(namedSql);
        List<Object> arguments = new ArrayList<>();
        for (Object value : NamedParameterUtils.buildValueArray(parsed, values, null)) {
            if (value instanceof Iterable<?> list) {
                list.forEach(arguments::add);
            }
            else {
                arguments.add(value);
            }
        }
        return new JdbcCursorItemReaderBuilder<T>().name(name)
            .dataSource(dataSource)
            .sql(NamedParameterUtils.substituteNamedParameters(parsed, values))
            .queryArguments(arguments.toArray())
            .fetchSize(FETCH_SIZE)
            .connectionAutoCommit(false)
            .rowMapper(rowMapper);
    }

}
