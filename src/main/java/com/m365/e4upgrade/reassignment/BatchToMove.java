package com.m365.e4upgrade.reassignment;

import java.util.List;

import com.m365.e4upgrade.licensing.WriteBatch;

/**
 * A write batch the moves make, with what its moves are stored with besides their
 * outcome: where its tenant and each of its users stand in the files, and their ids as
 * users.csv wrote them. {@code users} follows the batch's moves. {@code skipped} are the
 * users of the same tenant the plan skips (no usage location, a group license) that were
 * read with the batch: stored with it, in its transaction, they never reach the gateway.
 */
public record BatchToMove(WriteBatch batch, List<Place> users, List<Skipped> skipped) {

    public BatchToMove {
        users = List.copyOf(users);
        skipped = List.copyOf(skipped);
        if (users.size() != batch.moves().size()) {
            throw new IllegalArgumentException("a place for each of the batch's " + batch.moves().size() + " users");
        }
    }

    /**
     * A user's line in users.csv and its ids as written there (a tenant's id may be
     * written in another case on each line).
     */
    public record Place(long line, String writtenTenantId, String writtenUserId) {
    }

    /** A user of the batch's tenant the plan skips, and why. */
    public record Skipped(Place place, String userId, String userPrincipalName, List<String> disabledPlans,
            String detail) {

        public Skipped {
            disabledPlans = List.copyOf(disabledPlans);
        }
    }

}
