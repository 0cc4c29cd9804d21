package org.mlos.mem.api;

/**
 * The result of an increment or decrement.
 *
 * @param value the new value, an unsigned 64-bit number ({@link Long#toUnsignedString})
 * @param cas   the item's new CAS unique
 */
public record Counter(long value, long cas) {

    /** The value as memcached prints it. */
    public String text() {
        return Long.toUnsignedString(value);
    }
}
