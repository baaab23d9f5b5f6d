package com.m365.e4upgrade.cli;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.springframework.transaction.TransactionSystemException;

/**
 * Recognises a failure caused by the database going away (a PostgreSQL server restarted
 * or unreachable) rather than by the data, so the operator reads one line saying so: the
 * run is resumed by the same command once the database is back. It goes by the SQLSTATE
 * the driver reports (PostgreSQL's); the embedded H2 reports none of these states.
 */
final class ConnectionLoss {

    private ConnectionLoss() {
    }

    /**
     * What the database driver said about the lost connection, or empty for any other
     * failure. The server's own word (57P01 "terminating connection due to administrator
     * command") wins over a pool's or driver's "connection is closed"; otherwise the
     * deepest cause speaks.
     */
    static Optional<String> in(Throwable failure) {
        String said = null;
        boolean fromServer = false;
        Deque<Throwable> toVisit = new ArrayDeque<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        toVisit.add(failure);
        while (!toVisit.isEmpty()) {
            Throwable cause = toVisit.poll();
            if (!seen.add(cause)) {
                continue;
            }
            if (cause instanceof SQLException sql && isConnectionState(sql)) {
                boolean serverSaid = sql.getSQLState().startsWith("57P0");
                if (serverSaid || !fromServer) {
                    said = firstLine(cause);
                    fromServer = serverSaid;
                }
            }
            List<Throwable> next = new ArrayList<>();
            next.add(cause.getCause());
            // a rollback that failed on the dead connection hides the failure that made
            // it roll back
            if (cause instanceof TransactionSystemException transaction) {
                next.add(transaction.getApplicationException());
            }
            next.addAll(List.of(cause.getSuppressed()));
            next.stream().filter(Objects::nonNull).forEach(toVisit::add);
        }
        return Optional.ofNullable(said);
    }

    /**
     * SQLSTATE class 08 (connection exception) and 57P01-57P03 (the server is shutting
     * down, crashed, or cannot take connections yet).
     */
    private static boolean isConnectionState(SQLException sql) {
        String state = sql.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("57P0"));
    }

    private static String firstLine(Throwable cause) {
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.lines().findFirst().orElse(message);
    }

}
