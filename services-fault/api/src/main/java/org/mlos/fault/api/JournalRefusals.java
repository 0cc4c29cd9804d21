package org.mlos.fault.api;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the operator is told of writes a journal refuses, for every writer of one (a durable
 * store, the {@link Journal} kind's implementations): each caller gets its error, and the node's
 * log a WARNING for the first refusal and then at most one a minute with how many came since, so
 * a full disk is in the log (an outsider's node stayed silent through 12,380 refused writes)
 * without a line per write. A write to a mapped journal on a full or failing disk faults
 * ({@link InternalError}: "a fault occurred in an unsafe memory access operation", which names
 * neither disk nor file): said as what it is, as is an I/O error the system gives for a disk with
 * no room ("No space left on device", "Disk quota exceeded"), which a journal that takes its
 * file's blocks ahead of its mapped writes throws instead.
 *
 * <p>Those the disk caused (a fault of the mapped file, an I/O error) are also counted for the
 * swap supervisor ({@link StorageRefusals}), which then keeps the implementation on probation
 * rather than swap back for them; a record too large for the journal is the writer's own limit,
 * and counts against it as any failure does.
 *
 * @since 1.6
 */
public final class JournalRefusals implements StorageRefusals {

    /** The least time between two lines of the log. */
    public static final long GAP_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final System.Logger log;
    private final String writer;
    private final String fate;
    private final AtomicLong since = new AtomicLong();
    private final AtomicLong nextLine = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong byStorage = new AtomicLong();
    private volatile String lastByStorage;

    /**
     * @param log    where the lines go (the writer's own logger, so they are found beside its others)
     * @param writer who writes, as the line names it ({@code durable store})
     * @param fate   what became of a refused write, after "each answered with an error and" ({@code not served})
     */
    public JournalRefusals(System.Logger log, String writer, String fate) {
        this.log = log;
        this.writer = writer;
        this.fate = fate;
    }

    /** Why the journal in {@code dir} refused {@code e}, in words an operator can act on. */
    public static String why(Throwable e, Path dir) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InternalError) {
                return "the disk holding " + dir + " is full or failing (a write to the journal's mapped file faulted: "
                        + t.getMessage() + ")";
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException && noRoom(t.getMessage())) {
                return "the disk holding " + dir + " is full or failing (" + e.getMessage() + ")";
            }
        }
        return byStorage(e) ? "the storage holding " + dir + " refused the write (" + e + ")" : String.valueOf(e);
    }

    /**
     * Runs a step of a swap's import into the journal in {@code dir} (null: not known yet) and
     * returns what it gives. When the disk refuses it (full or failing), the step fails with the
     * words a refused write has, and what to do: the swap's rollback gives the import's exception
     * as its reason, where a full disk read {@code cannot create journal segment …}. Any other
     * failure is thrown as it came.
     *
     * @since 1.8
     */
    public static <T> T importing(Path dir, java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (RuntimeException | Error e) {
            if (dir != null && diskFullOrFailing(e)) {
                throw new java.io.UncheckedIOException("the journal in " + dir + " cannot take the state swapped in: "
                        + why(e, dir) + "; free space on that disk, or give the journal a folder on another, and swap again",
                        new java.io.IOException(e));
            }
            throw e;
        }
    }

    /** Whether {@code e} is the disk's lack of room or its failure: a fault of a mapped file, or the system's no room left. */
    static boolean diskFullOrFailing(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InternalError || t instanceof java.io.IOException && noRoom(t.getMessage())) {
                return true;
            }
        }
        return false;
    }

    /** Whether an I/O error's message is the system's for a disk with no room left (ENOSPC, EDQUOT; Windows' own). */
    private static boolean noRoom(String message) {
        return message != null && (message.contains("No space left on device") || message.contains("Disk quota exceeded")
                || message.contains("not enough space on the disk"));
    }

    /** Whether the journal refused {@code e} for its disk's sake (full, failing) rather than the record's. */
    public static boolean byStorage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InternalError || t instanceof java.io.IOException || t instanceof java.io.UncheckedIOException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Counts a refusal of {@code e} by the journal in {@code dir} and logs it if it is the first,
     * or the first for a minute.
     *
     * @return why, as {@link #why} says it
     */
    public String refused(Throwable e, Path dir, long nowNanos) {
        String why = why(e, dir);
        if (byStorage(e)) {
            lastByStorage = why;
            byStorage.incrementAndGet();
        }
        long n = since.incrementAndGet();
        long next = nextLine.get();
        if ((next == Long.MIN_VALUE || nowNanos - next >= 0) && nextLine.compareAndSet(next, nowNanos + GAP_NANOS)) {
            since.addAndGet(-n);
            log.log(System.Logger.Level.WARNING, writer + " in " + dir + ": " + n + (n == 1 ? " write" : " writes")
                    + " refused" + (next == Long.MIN_VALUE ? "" : " in the last minute or more") + ", each answered with an error and "
                    + fate + ": " + why);
        }
        return why;
    }

    @Override
    public long refused() {
        return byStorage.get();
    }

    @Override
    public String lastReason() {
        return lastByStorage;
    }
}
