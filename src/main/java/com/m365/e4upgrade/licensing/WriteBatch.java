package com.m365.e4upgrade.licensing;

import java.util.List;

/**
 * One write call: at most 20 users, all of one tenant (the admin center's limit and
 * Microsoft Graph's {@code $batch} limit), of one migration.
 *
 * @param tenantLine the tenant's line in tenants.csv, by which the job's database finds
 * the tenant's users (the embedded gateway's license state)
 */
public record WriteBatch(long migrationId, int number, String tenantId, long tenantLine, String fromSku, String toSku,
        List<UserMove> moves) {

    public static final int MAX_USERS = 20;

    public WriteBatch {
        moves = List.copyOf(moves);
        if (moves.isEmpty() || moves.size() > MAX_USERS) {
            throw new IllegalArgumentException(
                    "a write batch carries 1 to " + MAX_USERS + " users, not " + moves.size());
        }
    }
}
