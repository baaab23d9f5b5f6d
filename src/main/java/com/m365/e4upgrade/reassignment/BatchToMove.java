package com.m365.e4upgrade.reassignment;

import java.util.List;

import com.m365.e4upgrade.licensing.WriteBatch;

/**
 * A write batch the moves make, with what its moves are stored with besides their
 * outcome: where its tenant and each of its users stand in the files, and their ids as
 * the files wrote them. {@code users} follows the batch's moves.
 */
public record BatchToMove(WriteBatch batch, long tenantLine, String writtenTenantId, List<Place> users) {

    public BatchToMove {
        users = List.copyOf(users);
        if (users.size() != batch.moves().size()) {
            throw new IllegalArgumentException("a place for each of the batch's " + batch.moves().size() + " users");
        }
    }

    /** A user's line in users.csv and its id as written there. */
    public record Place(long line, String writtenUserId) {
    }

}
