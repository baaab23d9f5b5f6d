package com.m365.e4upgrade.reports;

import java.util.function.Function;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * A report's rows read from another stage's reader, each item turned into the report's
 * cells as it is read.
 */
class MappedRows<T> implements ItemStreamReader<String[]> {

    private final ItemStreamReader<T> items;

    private final Function<T, String[]> cells;

    MappedRows(ItemStreamReader<T> items, Function<T, String[]> cells) {
        this.items = items;
        this.cells = cells;
    }

    @Override
    public void open(ExecutionContext context) {
        this.items.open(context);
    }

    @Override
    public String[] read() throws Exception {
        T item = this.items.read();
        return item == null ? null : this.cells.apply(item);
    }

    @Override
    public void update(ExecutionContext context) {
        this.items.update(context);
    }

    @Override
    public void close() {
        this.items.close();
    }

}
