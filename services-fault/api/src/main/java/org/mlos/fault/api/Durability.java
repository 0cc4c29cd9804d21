package org.mlos.fault.api;

import java.util.Locale;

/**
 * How far a journaled record is safe when the call that wrote it returns. Every mode writes the
 * record into the journal's memory-mapped file before returning, so a process that dies (even by
 * {@code kill -9}) loses nothing in any mode: the operating system still holds the page. The modes
 * differ in what survives the machine itself failing (power loss, kernel crash).
 */
public enum Durability {

    /** The operating system writes the pages back when it chooses. */
    NONE,
    /** A background flush forces the journal to storage every {@value #BATCH_MS_PROPERTY} ms. */
    BATCH,
    /** Every record is forced to storage before the call returns (concurrent writers share a flush). */
    SYNC;

    /** Framework property naming the mode: {@code none}, {@code batch} or {@code sync}. */
    public static final String PROPERTY = "mlos.fault.durability";
    /** Framework property: the bound of {@link #BATCH}, in milliseconds. */
    public static final String BATCH_MS_PROPERTY = "mlos.fault.batch.ms";
    /** The default bound of {@link #BATCH}, in milliseconds. */
    public static final long DEFAULT_BATCH_MS = 10;
    /** Framework property: the folder journals and checkpoints live in. */
    public static final String DIR_PROPERTY = "mlos.fault.dir";

    /**
     * The mode a property value names.
     *
     * @throws IllegalArgumentException naming the accepted values, for anything else
     */
    public static Durability parse(String value) {
        if (value != null) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            for (Durability d : values()) {
                if (d.name().toLowerCase(Locale.ROOT).equals(v)) {
                    return d;
                }
            }
        }
        throw new IllegalArgumentException(PROPERTY + " must be none, batch or sync, got '" + value + "'");
    }

    /**
     * The batch bound a property value gives, {@link #DEFAULT_BATCH_MS} when null.
     *
     * @throws IllegalArgumentException if it is not a whole number from 1 to 60000
     */
    public static long parseBatchMillis(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_BATCH_MS;
        }
        try {
            long ms = Long.parseLong(value.trim());
            if (ms >= 1 && ms <= 60_000) {
                return ms;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(BATCH_MS_PROPERTY + " must be a whole number of milliseconds from 1 to 60000, got '"
                + value + "'");
    }
}
