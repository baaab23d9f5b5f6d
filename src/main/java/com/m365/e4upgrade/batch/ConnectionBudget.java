package com.m365.e4upgrade.batch;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each write batch in flight holds two connections (its chunk's transaction and its
 * streaming cursor); the run lock, the job's bookkeeping and the partition manager take a
 * few more. A pool any smaller than that makes the partitions wait on each other until
 * the pool times out, so it is grown to fit before they start (Hikari takes a new maximum
 * while it runs).
 */
public final class ConnectionBudget {

    private static final Logger log = LoggerFactory.getLogger(ConnectionBudget.class);

    private ConnectionBudget() {
    }

    public static int needed(int batchesInFlight) {
        return 2 * batchesInFlight + 4;
    }

    public static void reserve(DataSource dataSource, int batchesInFlight) {
        int needed = needed(batchesInFlight);
        if (dataSource instanceof HikariDataSource pool && pool.getMaximumPoolSize() < needed) {
            log.info("Connection pool grown from {} to {} for {} write batches in flight", pool.getMaximumPoolSize(),
                    needed, batchesInFlight);
            // one of the settings Hikari lets change on a running pool
            pool.setMaximumPoolSize(needed);
        }
    }

}
