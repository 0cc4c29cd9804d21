package org.mlos.net.memcached;

import java.nio.charset.StandardCharsets;

import org.mlos.mem.api.Counter;

/**
 * Number arguments read as memcached 1.6 reads them (its safe_strtol family over C's
 * strtol/strtoull), in every protocol: leading blanks and a sign are accepted, at least one
 * digit, nothing but a blank after them, out of range refused; 32-bit results are truncated as
 * C's assignment truncates them. So {@code +9} and {@code 08} are 9 and 8, {@code -0} is 0, a
 * flags value of 2^32 is 0 and an exptime of 9999999999 is 1410065407 (a time long past): the
 * replies a client gets from memcached for them are the ones it gets here.
 */
public final class CNumbers {

    private CNumbers() {
    }

    /** safe_strtol: a signed number truncated to 32 bits, or null. */
    public static Long int32(String s) {
        Long v = strtol(s);
        return v == null ? null : (long) (int) (long) v;
    }

    /** safe_strtoul: an unsigned number truncated to 32 bits (strtoul is strtoull on 64 bits), or null. */
    public static Long uint32(String s) {
        Long v = uint64(s);
        return v == null ? null : v & 0xffffffffL;
    }

    /** safe_strtoull: an unsigned 64-bit number, or null; the rule incr reads a stored value by ({@link Counter#parse}). */
    public static Long uint64(String s) {
        try {
            return Counter.parse(s.getBytes(StandardCharsets.ISO_8859_1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** C's strtol on a 64-bit long, or null where safe_strtol refuses (no digits, overflow, more after them). */
    private static Long strtol(String s) {
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
        for (; i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9'; i++) {
            int d = s.charAt(i) - '0';
            if (v > (Long.MAX_VALUE - d) / 10) {
                return null; // ERANGE (a minus sign would allow one more, which no client sends)
            }
            v = v * 10 + d;
        }
        if (i == digits || i < n && !blank(s.charAt(i))) {
            return null;
        }
        return negative ? -v : v;
    }

    private static boolean blank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
    }
}
