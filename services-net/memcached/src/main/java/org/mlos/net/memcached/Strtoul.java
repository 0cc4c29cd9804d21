package org.mlos.net.memcached;

import java.math.BigInteger;

/**
 * A number argument read as memcached 1.6 reads {@code cache_memlimit}'s, {@code verbosity}'s and
 * {@code slabs automove}'s ({@code safe_strtoul} into a 32-bit unsigned): C's {@code strtoul} in base 10 (an optional sign, then digits), refused
 * when it overflows 64 bits or is a negative number whose unsigned reading does not fit a signed
 * long, then cut to its low 32 bits. So {@code +9} and {@code 08} are 9 and 8, {@code -0} is 0,
 * {@code -1} is refused, and {@code 4294967304} (2^32 + 8) is 8: the replies a client gets from
 * memcached for them are the ones it gets here.
 */
public final class Strtoul {

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private Strtoul() {
    }

    /** The value memcached would act on, 0 to 2^32-1; null where memcached answers {@code ERROR}. */
    public static Long unsigned32(String token) {
        int i = 0;
        boolean negative = false;
        if (i < token.length() && (token.charAt(i) == '+' || token.charAt(i) == '-')) {
            negative = token.charAt(i) == '-';
            i++;
        }
        if (i == token.length()) {
            return null;
        }
        for (int j = i; j < token.length(); j++) {
            char ch = token.charAt(j);
            if (ch < '0' || ch > '9') {
                return null; // strtoul would stop here: memcached refuses anything after the number
            }
        }
        BigInteger magnitude = new BigInteger(token.substring(i));
        if (magnitude.compareTo(TWO_64) >= 0) {
            return null; // ERANGE
        }
        long value = negative ? magnitude.negate().mod(TWO_64).longValue() : magnitude.longValue();
        if (value < 0 && negative) {
            return null; // a negative number: safe_strtoul's check for a '-'
        }
        return value & 0xffffffffL;
    }
}
