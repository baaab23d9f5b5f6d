package com.m365.e4upgrade.batch;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Lets H2 store the commits of a step in the background (its default write delay) while
 * every effect of that step is a row of the job's database, and makes every commit
 * durable again when no such step runs.
 *
 * <p>
 * Why it keeps exactly once: with a write delay, a process killed outright loses its last
 * commits, and the file opens as the database was at its last store, a consistent prefix
 * of the history. When a step only writes to that database (the import, the plan, and,
 * with the embedded gateway, the verdicts, the moves and the cancellations) its rows and
 * its restart position are lost together, and the same command does those chunks again as
 * if the process had died before them. A step with an effect outside the database (a
 * Graph call, a report file) never runs under it; neither do the job's start and end, nor
 * a step's start and end records: Spring Batch writes those in transactions of their own
 * that it cannot restart without (docs/design.md, "Durability").
 *
 * <p>
 * The setting belongs to the database, not to a connection, so the partitions of one step
 * share it: the first step in turns it on, the last step out turns it off. Nothing
 * happens on any other database, nor once H2 has refused the setting: a user without
 * admin rights is refused at the first step, and the delay then stays as the URL set it,
 * 0 for the job's URLs.
 */
public class DeferredStores implements StepExecutionListener {

    /** H2's own default, milliseconds. */
    static final int WRITE_DELAY_MILLIS = 500;

    private static final Logger log = LoggerFactory.getLogger(DeferredStores.class);

    private final JdbcTemplate jdbc;

    private final boolean h2;

    private int running;

    private boolean refused;

    public DeferredStores(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.h2 = "H2".equals(this.jdbc.execute(DeferredStores::productName));
    }

    private static String productName(Connection connection) throws SQLException {
        return connection.getMetaData().getDatabaseProductName();
    }

    @Override
    public synchronized void beforeStep(StepExecution stepExecution) {
        if (this.h2 && !this.refused && this.running++ == 0) {
            writeDelay(WRITE_DELAY_MILLIS);
        }
    }

    /**
     * Runs after the step's end is saved, before it is saved again: that second save,
     * durable, stores every commit the step made.
     */
    @Override
    public synchronized ExitStatus afterStep(StepExecution stepExecution) {
        if (this.h2 && !this.refused && --this.running == 0) {
            writeDelay(0);
        }
        return null;
    }

    private void writeDelay(int millis) {
        try {
            this.jdbc.execute("SET WRITE_DELAY " + millis);
        }
        catch (DataAccessException refusedByH2) {
            this.refused = true;
            this.running = 0;
            log.warn("H2 refused SET WRITE_DELAY {} ({}): the job leaves the write delay as it is", millis,
                    refusedByH2.getMostSpecificCause().getMessage());
        }
    }

}
