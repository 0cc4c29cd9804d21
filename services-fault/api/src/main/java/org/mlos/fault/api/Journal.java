package org.mlos.fault.api;

import java.util.List;

import org.mlos.core.api.Kind;

/**
 * An append-only journal of byte records, each at a position (index) that never changes: the
 * first record ever appended is at 0, the next at 1, and so on. Records are kept in segments;
 * {@link #roll()} starts a new one and {@link #retainFrom(long)} drops whole segments that hold
 * only older records, so {@link #firstIndex()} can grow.
 *
 * <p>How far an appended record is safe when {@link #append} returns depends on the journal's
 * {@link Durability} (framework property {@value Durability#PROPERTY}). A tail is a loop of
 * {@link #read} calls from the index after the last record seen.
 *
 * <p>No method is marked as a mutation: a swap holds callers while the records move, in order.
 */
@Kind
public interface Journal {

    /**
     * Appends a record and returns its index. With {@link Durability#SYNC} the record is on
     * storage when this returns.
     *
     * @throws IllegalArgumentException if the record is larger than a segment can hold
     * @throws java.io.UncheckedIOException if the storage refused it (a full or failing disk): the
     *         message names the folder; under {@link Durability#SYNC} the record may be in the
     *         journal without being on storage
     */
    long append(byte[] record);

    /**
     * Up to {@code max} records from {@code fromIndex} on, in order; empty when {@code fromIndex}
     * is {@link #nextIndex()} (nothing new yet).
     *
     * @throws IllegalArgumentException if {@code fromIndex} is before {@link #firstIndex()}
     *         (dropped by retention) or after {@link #nextIndex()}, or {@code max} is not positive
     */
    List<JournalRecord> read(long fromIndex, int max);

    /** Index of the oldest record still kept. Equal to {@link #nextIndex()} when none is kept. */
    long firstIndex();

    /** Index the next appended record will get. */
    long nextIndex();

    /** Forces every record appended so far to storage, whatever the durability. */
    void sync();

    /** Seals the current segment; the next record starts a new one. Nothing happens on an empty segment. */
    void roll();

    /**
     * Drops every sealed segment all of whose records are before {@code index} (never the segment
     * being written) and returns the new {@link #firstIndex()}.
     */
    long retainFrom(long index);
}
