package org.mlos.fault.durable;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.mlos.fault.api.StorageRefusals;

/**
 * What the operator is told of writes the journal refuses: each caller gets its error, and the
 * node's log a WARNING for the first refusal and then at most one a minute with how many came
 * since, so a full disk is in the log (an outsider's node stayed silent through 12,380 refused
 * writes) without a line per write. A write to a mapped journal on a full or failing disk faults
 * ({@link InternalError}: "a fault occurred in an unsafe memory access operation", which names
 * neither disk nor file): said as what it is.
 *
 * <p>Those the disk caused (a fault of the mapped file, an I/O error) are also counted for the swap
 * supervisor ({@link StorageRefusals}), which then keeps the durable store on probation rather
 * than swap back to a store that would acknowledge them unjournaled; a record too large for the
 * journal is the store's own limit, and counts against it as any failure does.
 */
final class JournalRefusals implements StorageRefusals {

    private static final System.Logger LOG = System.getLogger(DurableStore.class.getName());
    static final long GAP_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final String dir;
    private final AtomicLong since = new AtomicLong();
    private final AtomicLong nextLine = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong byStorage = new AtomicLong();
    private volatile String lastByStorage;

    JournalRefusals(String dir) {
        this.dir = dir;
    }

    /** Why the journal refused {@code e}, in words an operator can act on. */
    String why(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InternalError) {
                return "the disk holding " + dir + " is full or failing (a write to the journal's mapped file faulted: "
                        + t.getMessage() + ")";
            }
        }
        return String.valueOf(e);
    }

    /** Whether the journal refused {@code e} for its disk's sake (full, failing) rather than the record's. */
    static boolean byStorage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InternalError || t instanceof java.io.IOException || t instanceof java.io.UncheckedIOException) {
                return true;
            }
        }
        return false;
    }

    /** Counts a refusal of {@code e} and logs it if it is the first, or the first for a minute. */
    void refused(Throwable e, String why, long nowNanos) {
        if (byStorage(e)) {
            lastByStorage = why;
            byStorage.incrementAndGet();
        }
        refused(why, nowNanos);
    }

    @Override
    public long refused() {
        return byStorage.get();
    }

    @Override
    public String lastReason() {
        return lastByStorage;
    }

    /** Counts a refusal and logs it if it is the first, or the first for a minute. */
    void refused(String why, long nowNanos) {
        long n = since.incrementAndGet();
        long next = nextLine.get();
        if ((next == Long.MIN_VALUE || nowNanos - next >= 0) && nextLine.compareAndSet(next, nowNanos + GAP_NANOS)) {
            since.addAndGet(-n);
            LOG.log(System.Logger.Level.WARNING, "durable store in " + dir + ": " + n + (n == 1 ? " write" : " writes")
                    + " refused" + (next == Long.MIN_VALUE ? "" : " in the last minute or more") + ", each answered with an error and"
                    + " not served: " + why);
        }
    }
}
