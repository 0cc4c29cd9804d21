package org.mlos.net.memcached.meta;

/**
 * Numbers read as memcached reads flag tokens (its safe_strtol family over strtol/strtoull):
 * leading blanks and a sign are accepted, at least one digit, nothing but a blank after them,
 * out of range refused; 32-bit results are truncated as C's assignment truncates them.
 */
final class CNumbers {

    private CNumbers() {
    }

    /** safe_strtol: a signed number truncated to 32 bits, or null. */
    static Long int32(String s) {
        Long v = parse(s, false);
        return v == null ? null : (long) (int) (long) v;
    }

    /** safe_strtoul: an unsigned number truncated to 32 bits, or null. */
    static Long uint32(String s) {
        Long v = parse(s, true);
        return v == null ? null : v & 0xffffffffL;
    }

    /** safe_strtoull: an unsigned 64-bit number, or null. */
    static Long uint64(String s) {
        return parse(s, true);
    }

    private static Long parse(String s, boolean unsigned) {
        int i = 0;
        int n = s.length();
        while (i < n && blank(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int digits = i;
        long v = 0;
        boolean overflow = false;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            int d = s.charAt(i) - '0';
            if (unsigned) {
                if (Long.compareUnsigned(v, Long.divideUnsigned(-1L - d, 10)) > 0) {
                    overflow = true;
                }
            } else if (v > (Long.MAX_VALUE - d) / 10) {
                overflow = true;
            }
            v = v * 10 + d;
            i++;
        }
        if (i == digits || overflow || i < n && !blank(s.charAt(i))) {
            return null;
        }
        if (negative) {
            v = -v;
            // strtoull negates: a result that reads negative as a signed number with a minus sign is refused
            if (unsigned && v < 0) {
                return null;
            }
        }
        return v;
    }

    private static boolean blank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
    }
}
