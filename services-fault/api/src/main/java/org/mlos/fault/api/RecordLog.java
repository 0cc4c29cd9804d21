package org.mlos.fault.api;

import java.io.Closeable;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A journal of byte records that one owner keeps in a folder of its own (a durable store's
 * journal), as opposed to the node's {@link Journal} kind, which the kernel hands to every
 * caller. Indexes are 0, 1, 2 … for ever, as the kind's. Made by a {@link RecordLogs} service.
 *
 * <p>An append is in the log (a process that dies keeps it) when it returns; {@link #sync()} and
 * {@link #syncTo(long)} force it to storage.
 */
@ProviderType
public interface RecordLog extends Closeable {

    /**
     * Appends a record and returns its index.
     *
     * @throws IllegalArgumentException if the record is larger than the log takes
     */
    long append(byte[] record);

    /**
     * Hands up to {@code max} records from {@code from} on to {@code sink}, in order; returns how many.
     *
     * @throws IllegalArgumentException if {@code from} is outside {@link #firstIndex()} … {@link #nextIndex()}
     */
    int read(long from, int max, RecordSink sink);

    /** The folder the log keeps its files in (for messages and the operator). */
    java.nio.file.Path dir();

    long firstIndex();

    long nextIndex();

    /**
     * Records this log dropped as it opened, damaged on disk (a {@code segments} journal ends at a
     * damaged record and sets aside those after it): what a recovery from it lacks besides the
     * records it skips as it reads. Without it a store recovering from a {@code segments} journal
     * that lost 1,186 records said none were damaged.
     *
     * @since 1.8
     */
    default long droppedAtOpen() {
        return 0;
    }

    /** Forces every record appended so far to storage. */
    void sync();

    /** Forces the records up to {@code index} to storage (concurrent callers may share one force). */
    default void syncTo(long index) {
        sync();
    }

    /** Seals the current segment; the next record starts a new one. */
    void roll();

    /** Drops whole sealed segments all of whose records are before {@code index}; returns {@link #firstIndex()}. */
    long retainFrom(long index);

    /** Drops every record from {@code index} on (an import that rolled back). */
    void truncate(long index);

    /**
     * Drops every record; the next one appended gets {@code firstIndex} (an import into the log).
     *
     * @throws IllegalArgumentException if {@code firstIndex} is negative
     * @since 1.2
     */
    void reset(long firstIndex);

    @Override
    void close();

    /** Receives records read from a log. */
    @FunctionalInterface
    interface RecordSink {
        void accept(long index, byte[] data);
    }
}
