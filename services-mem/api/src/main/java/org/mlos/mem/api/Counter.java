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
     * A stored value read as a counter, by memcached's rule ({@code safe_strtoull} over the item's
     * data, which its {@code \r\n} ends): C's {@code strtoull} in base 10 (blanks first, an optional
     * sign, at least one digit), then nothing or a blank; refused if it overflows 64 bits or is a
     * negative number whose unsigned reading is negative as a signed one. So {@code "12 "}
     * (memcached's own decr leaves such padding), {@code " 12"}, {@code "+12"}, {@code "-0"} and
     * {@code "0018446744073709551615"} are numbers, {@code "12a"}, {@code "-1"} and 2^64 are not.
     * memcached's text protocol reads its delta and CAS arguments by the same rule.
     *
     * @throws IllegalArgumentException if the value is not one
     */
    public static long parse(byte[] value) {
        int n = value.length;
        int i = 0;
        while (i < n && blank(value[i])) {
            i++;
        }
        boolean negative = false;
        if (i < n && (value[i] == '+' || value[i] == '-')) {
            negative = value[i] == '-';
            i++;
        }
        int digits = i;
        long v = 0;
        for (; i < n && value[i] >= '0' && value[i] <= '9'; i++) {
            int d = value[i] - '0';
            if (Long.compareUnsigned(v, MAX_TENTH) > 0 || v == MAX_TENTH && d > 5) {
                throw nonNumeric(); // ERANGE
            }
            v = v * 10 + d;
        }
        if (i == digits || i < n && !blank(value[i])) {
            throw nonNumeric();
        }
        if (negative) {
            v = -v;
            if (v < 0) {
                throw nonNumeric(); // strtoull negated it: memcached refuses a minus sign it can see
            }
        }
        return v;
    }

    /** (2^64 - 1) / 10: a number above it gains a digit past 64 bits. */
    private static final long MAX_TENTH = Long.divideUnsigned(-1L, 10);

    private static boolean blank(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }

    private static IllegalArgumentException nonNumeric() {
        return new IllegalArgumentException("cannot increment or decrement non-numeric value");
    }

    /** The counter after adding (wrapping at 2^64) or subtracting (stopping at zero) {@code delta}. */
    public static long apply(long value, long delta, boolean up) {
        if (up) {
            return value + delta;
        }
        return Long.compareUnsigned(value, delta) < 0 ? 0 : value - delta;
    }
}
