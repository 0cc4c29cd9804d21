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

    /**
     * A stored value read as a counter, by memcached's rule: a decimal unsigned 64-bit number.
     *
     * @throws IllegalArgumentException if the value is not one
     */
    public static long parse(byte[] value) {
        int len = value.length;
        if (len == 0 || len > 20) {
            throw new IllegalArgumentException("cannot increment or decrement non-numeric value");
        }
        for (byte b : value) {
            if (b < '0' || b > '9') {
                throw new IllegalArgumentException("cannot increment or decrement non-numeric value");
            }
        }
        try {
            return Long.parseUnsignedLong(new String(value, java.nio.charset.StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cannot increment or decrement non-numeric value", e);
        }
    }

    /** The counter after adding (wrapping at 2^64) or subtracting (stopping at zero) {@code delta}. */
    public static long apply(long value, long delta, boolean up) {
        if (up) {
            return value + delta;
        }
        return Long.compareUnsigned(value, delta) < 0 ? 0 : value - delta;
    }
}
