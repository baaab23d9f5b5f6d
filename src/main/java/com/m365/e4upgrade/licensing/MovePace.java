package com.m365.e4upgrade.licensing;

/**
 * How the reassign step feeds a gateway.
 *
 * @param partitions ranges of whole tenants moved side by side, each in its own thread
 * and transaction (two database connections each)
 * @param batchesPerChunk write batches committed together: each is still one gateway
 * call, and a kill rolls back (and a restart sends again) at most this many per partition
 * @param concurrent whether a chunk's batches are sent at once, each waiting on the
 * service in a thread of its own (a remote gateway hiding its latency), or one after the
 * other in the partition's thread (a gateway bound by the CPU)
 */
public record MovePace(int partitions, int batchesPerChunk, boolean concurrent) {

    public MovePace {
        if (partitions < 1 || batchesPerChunk < 1) {
            throw new IllegalArgumentException("partitions and batches per chunk must be 1 or more");
        }
    }

    /** Batches that may be in flight at once over all partitions. */
    public int batchesInFlight() {
        return concurrent ? partitions * batchesPerChunk : partitions;
    }

}
