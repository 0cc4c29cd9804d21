package org.mlos.net.memcached;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.function.Function;

/**
 * Random request batches for the differential test, the same for both servers but for CAS
 * values, which each server numbers its own way: a request names a CAS by the order it first
 * appeared in that server's replies, and is rendered per server from its {@link CasBook}.
 *
 * <p>Two key families keep memcached's one allowed difference out of the way: counters
 * ({@code n*}) get numbers, incr and decr and never append or prepend (memcached may space-pad a
 * decremented number, which the test strips from its replies), text keys ({@code k*}) get values
 * starting with {@code x}. Values use only {@code xyz} and digits, so no part of one ever reads as
 * a command when a bad data chunk makes the server parse it as a line.
 */
abstract class RandomRequests {

    /** A request whose bytes depend on the server's CAS values. */
    interface Request extends Function<CasBook, byte[]> {
    }

    static final int TOO_LARGE = 1_100_000;
    static final String LONG_KEY = "k".repeat(251);
    static final String KEY_250 = "k".repeat(250);

    protected final Random random;

    RandomRequests(long seed) {
        this.random = new Random(seed);
    }

    String textKey() {
        return random.nextInt(40) == 0 ? KEY_250 : "k" + random.nextInt(6);
    }

    String counterKey() {
        return "n" + random.nextInt(4);
    }

    String anyKey() {
        return random.nextBoolean() ? textKey() : counterKey();
    }

    String textValue() {
        if (random.nextInt(10) == 0) {
            return "";
        }
        StringBuilder b = new StringBuilder("x");
        for (int n = random.nextInt(9); n > 0; n--) {
            b.append("xyz0123456789".charAt(random.nextInt(13)));
        }
        return b.toString();
    }

    String number() {
        switch (random.nextInt(8)) {
            case 0:
                return "18446744073709551615";
            case 1:
                return "0";
            case 2:
                return "00" + random.nextInt(100);
            case 3:
                return "x" + random.nextInt(10); // not a number
            default:
                return Long.toString(random.nextLong() >>> (1 + random.nextInt(63)));
        }
    }

    String valueFor(String key) {
        return key.startsWith("n") ? number() : textValue();
    }

    String exptime() {
        switch (random.nextInt(6)) {
            case 0:
                return "-1";
            case 1:
                return "1000";
            case 2:
                return "100000000"; // an absolute time in 1973: already expired
            case 3:
                return Long.toString(System.currentTimeMillis() / 1000 + 1000); // absolute, an hour ahead
            default:
                return "0";
        }
    }

    String delta() {
        switch (random.nextInt(4)) {
            case 0:
                return "18446744073709551615";
            case 1:
                return Long.toString(random.nextLong() >>> 1);
            default:
                return Integer.toString(random.nextInt(20));
        }
    }

    String noreply() {
        return random.nextInt(4) == 0 ? " noreply" : "";
    }

    /** A CAS to send: one a server gave out, else one no item has. */
    Function<CasBook, String> casRef(int known) {
        if (known > 0 && random.nextInt(3) > 0) {
            int i = known - 1 - random.nextInt(Math.min(known, 6));
            return book -> Long.toUnsignedString(book.cas(i));
        }
        String bogus = Long.toString(1_000_000_000_000L + random.nextInt(1000));
        return book -> bogus;
    }

    static Request text(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return book -> b;
    }
}
