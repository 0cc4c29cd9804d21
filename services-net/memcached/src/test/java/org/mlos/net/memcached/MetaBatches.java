package org.mlos.net.memcached;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Random batches of meta commands ({@code mg ms md ma mn me}), with malformed lines, quiet mode,
 * base64 keys, opaques, CAS, stale/win flags and a few text commands mixed in (see
 * {@link RandomRequests} for the key families). Counters stay four-digit numbers (deltas below
 * ten, initial values from 1000), so memcached never space-pads one.
 */
final class MetaBatches extends RandomRequests {

    /** base64 keys: raw bytes, and two that decode to keys the plain family uses ({@code k0}, {@code k1}). */
    private static final String[] BINARY_KEYS = { "AQIDBA==", "/wD+", "azA=", "azE=" };
    private static final String[] BAD_BASE64 = { "a", "abc", "====", "A===" };

    MetaBatches(long seed) {
        super(seed);
    }

    /**
     * Keys read by an {@code mg} earlier in the batch being built. memcached changes a number in
     * place, keeping the item's marks (fetched, stale, win token, base64 key) and taking a
     * {@code T}, unless something still holds the item: a reply not yet sent (an earlier
     * {@code mg} of it in the same pipeline), or its LRU maintainer, which holds an item fetched
     * from the cold LRU for up to a second. Then the number is a new item, without the marks, and
     * the {@code T} is lost with the old one. This server always does what an unheld item gets.
     * As the second case is a matter of timing, counters ({@code n*}) never get marks nor a TTL by
     * {@code ma} here: no {@code N}, {@code R}, {@code h}, {@code I} or {@code me} on them, and no
     * {@code ma} after an {@code mg} of the key in the same batch. {@code MetaParityTest} pins them.
     */
    private final java.util.Set<String> read = new java.util.HashSet<>();

    List<Request> next(int known) {
        read.clear();
        List<Request> batch = new ArrayList<>();
        for (int n = 1 + random.nextInt(7); n > 0; n--) {
            batch.add(request(known));
        }
        return batch;
    }

    private Request request(int known) {
        int pick = random.nextInt(100);
        if (pick < 25) {
            return random.nextInt(60) == 0 ? tooLarge() : set(known);
        }
        if (pick < 55) {
            String key = key();
            read.add(plain(key));
            if (key.startsWith("n")) {
                return text("mg " + key + flags("v", "t", "f", "c", "k", "s", "q", "l", "u", opaque(), ttl("T")) + "\r\n");
            }
            return text("mg " + key + flags("v", "t", "f", "c", "k", "s", "q", "h", "l", "u", opaque(), ttl("T"),
                    ttl("N"), "R" + (random.nextBoolean() ? 30 : 2000)) + "\r\n");
        }
        if (pick < 67) {
            Function<CasBook, String> cas = casRef(known);
            String key = key();
            String head = "md " + key + (key.startsWith("n") ? flags("q", "k", opaque()) : flags("q", "I", "k", opaque(), ttl("T")));
            boolean compare = random.nextInt(3) == 0;
            return book -> (head + (compare ? " C" + cas.apply(book) : "") + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        }
        if (pick < 82) {
            Function<CasBook, String> cas = casRef(known);
            String key = random.nextInt(5) == 0 ? textKey() : counterKey();
            if (read.contains(key)) {
                return text("mn\r\n");
            }
            String vivify = key.startsWith("n") ? "N" + (random.nextBoolean() ? 0 : 100) + " J" + (1000 + random.nextInt(8000))
                    : "Pk"; // a text key stays text: ma on it is an error, never a counter
            String head = "ma " + key + flags("q", "t", "c", "v", "k", opaque(), vivify,
                    "D" + (random.nextInt(10) == 0 ? "18446744073709551615 MI" : random.nextInt(10)),
                    "M" + "ID+-".charAt(random.nextInt(4)));
            boolean compare = random.nextInt(4) == 0;
            return book -> (head + (compare ? " C" + cas.apply(book) : "") + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        }
        if (pick < 86) {
            return text("mn\r\n");
        }
        if (pick < 90) {
            int b = random.nextInt(BINARY_KEYS.length + 2);
            return text(b < BINARY_KEYS.length ? "me " + BINARY_KEYS[b] + " b\r\n" : "me " + textKey() + "\r\n");
        }
        if (pick < 93) {
            String key = textKey();
            String value = textValue();
            return text(random.nextBoolean() ? "set " + key + " 0 0 " + value.length() + "\r\n" + value + "\r\n"
                    : "delete " + key + "\r\n");
        }
        return text(MALFORMED[random.nextInt(MALFORMED.length)]);
    }

    private Request set(int known) {
        String key;
        String b = "";
        if (random.nextInt(5) == 0) {
            key = BINARY_KEYS[random.nextInt(BINARY_KEYS.length)];
            b = " b";
        } else {
            key = anyKey();
        }
        boolean counter = key.startsWith("n");
        String value = counter ? Integer.toString(1000 + random.nextInt(8000)) : textValue();
        String modes = counter ? "SER" : "SEAPR";
        String head = "ms " + key + " " + value.length() + b + flags("c", "k", "q", opaque(), ttl("T"), "F" + random.nextInt(3),
                "M" + modes.charAt(random.nextInt(modes.length())), counter ? "Pn" : "I");
        boolean compare = random.nextInt(3) == 0;
        Function<CasBook, String> cas = casRef(known);
        String tail = "\r\n" + value + "\r\n";
        return book -> (head + (compare ? " C" + cas.apply(book) : "") + tail).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A value over the item size limit: refused, its data skipped, the key's old item dropped. */
    private Request tooLarge() {
        String line = "ms " + anyKey() + " " + TOO_LARGE + flags("q", "k", opaque(), "T0") + "\r\n";
        byte[] head = line.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = java.util.Arrays.copyOf(head, head.length + TOO_LARGE + 2);
        java.util.Arrays.fill(all, head.length, all.length - 2, (byte) 'x');
        all[all.length - 2] = '\r';
        all[all.length - 1] = '\n';
        return book -> all;
    }

    /** The plain key a base64 one decodes to, where the batches use both. */
    private static String plain(String key) {
        return key.startsWith("azA=") ? "k0" : key.startsWith("azE=") ? "k1" : key;
    }

    /** A key: plain most of the time, else base64 (with its flag), now and then one that does not decode. */
    private String key() {
        int pick = random.nextInt(12);
        if (pick == 0) {
            return BINARY_KEYS[random.nextInt(BINARY_KEYS.length)] + " b";
        }
        if (pick == 1 && random.nextInt(4) == 0) {
            return BAD_BASE64[random.nextInt(BAD_BASE64.length)] + " b";
        }
        return anyKey();
    }

    /** Some of the given flags, each at most once, in random order. */
    private String flags(String... choices) {
        List<String> pool = new ArrayList<>(List.of(choices));
        StringBuilder out = new StringBuilder();
        for (int n = random.nextInt(Math.min(6, pool.size()) + 1); n > 0; n--) {
            out.append(' ').append(pool.remove(random.nextInt(pool.size())));
        }
        return out.toString();
    }

    private String opaque() {
        return random.nextInt(30) == 0 ? "O" + "x".repeat(32) : "O" + random.nextInt(1000);
    }

    private String ttl(String flag) {
        switch (random.nextInt(5)) {
            case 0:
                return flag + "-1";
            case 1:
                return flag + "0";
            case 2:
                return flag + "100000000"; // absolute, in 1973: already expired
            default:
                return flag + "1000";
        }
    }

    private static final String[] MALFORMED = { "mg\r\n", "ms\r\n", "md\r\n", "ma\r\n", "me\r\n", "mx k0\r\n",
            "ms k0\r\n", "ms k0 x\r\n", "ms k0 -1\r\n", "ms k0 2 MX\r\nxy\r\n", "ms k0 2 Mxx\r\nxy\r\n",
            "ms k0 2 F-1\r\nxy\r\n", "ms k0 2 Fx\r\nxy\r\n", "ms k0 2 Tx\r\nxy\r\n", "ms k0 2 Cx\r\nxy\r\n",
            "ms k0 2 c c\r\nxy\r\n", "ms k0 2 Z\r\nxy\r\n", "ms k0 2\r\nxyz\r\n", "ms k0 2 q\r\nxyz\r\n",
            "ms " + LONG_KEY + " 2\r\nxy\r\n", "ms k0 2 b\r\nxy\r\n", "ms k0 2 O" + "x".repeat(32) + "\r\nxy\r\n",
            "mg k0 v v\r\n", "mg k0 x\r\n", "mg k0 Tx\r\n", "mg k0 Nx R\r\n", "mg " + LONG_KEY + " v\r\n",
            "mg k0 a b c d e f g h i j k l m n o p q r s\r\n", "mg k0 v t f c k s q h l u O1 T1 N1 R1 P L Mx I\r\n",
            "md k0 x\r\n", "md k0 q q\r\n", "md " + LONG_KEY + "\r\n", "md k0 Cx\r\n",
            "ma k0 Mx\r\n", "ma n0 Dx\r\n", "ma n0 Jx N0\r\n", "ma n0 MII\r\n", "ma n0 D1 D2\r\n",
            "mn k0 junk\r\n", "  mg   k0   v  \r\n", "mg k0 v\r\r\n", "MG k0 v\r\n", "mgk0\r\n", "mg k0 Ppath Lroute v\r\n" };
}
