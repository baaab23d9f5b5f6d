package com.m365.e4upgrade.licensing.graph;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One write at a time per tenant. The job already partitions the reassign step by tenant;
 * this makes sure that a mistake in that wiring costs time, not two batches of one tenant
 * racing each other (Graph throttles per tenant). Other tenants are not held up.
 */
final class TenantWriteLocks {

    private final ConcurrentMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    /**
     * Runs the write once the tenant's earlier writes are done.
     * @param what names the write in the exception when the thread is stopped while it
     * waits
     */
    <T> T inTurn(String tenantId, String what, Supplier<T> write) {
        ReentrantLock lock = locks.computeIfAbsent(tenantId, tenant -> new ReentrantLock());
        try {
            lock.lockInterruptibly();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GraphGatewayException(what + ": interrupted before sending", e);
        }
        try {
            return write.get();
        }
        finally {
            lock.unlock();
        }
    }

}
