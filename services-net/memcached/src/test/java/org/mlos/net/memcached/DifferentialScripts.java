package org.mlos.net.memcached;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
final class DifferentialScripts {

    /** A request whose bytes depend on the server's CAS values. */
    interface Request extends Function<CasBook, byte[]> {
    }

    /** Each server's CAS values, numbered in the order they first appear in its replies. */
    static final class CasBook {
        private final java.util.Map<Long, Integer> index = new java.util.HashMap<>();
        private final List<Long> values = new ArrayList<>();

        String name(long cas) {
            if (cas == 0) {
                return "0";
            }
            return "#" + index.computeIfAbsent(cas, c -> {
                values.add(c);
                return values.size() - 1;
            });
        }

        long cas(int i) {
            return values.get(i);
        }

        int size() {
            return values.size();
        }
    }

    static final int TOO_LARGE = 1_100_000;
    private static final String LONG_KEY = "k".repeat(251);
    private static final String KEY_250 = "k".repeat(250);

    private final Random random;

    DifferentialScripts(long seed) {
        this.random = new Random(seed);
    }

    private String textKey() {
        return random.nextInt(40) == 0 ? KEY_250 : "k" + random.nextInt(6);
    }

    private String counterKey() {
        return "n" + random.nextInt(4);
    }

    private String anyKey() {
        return random.nextBoolean() ? textKey() : counterKey();
    }

    private String textValue() {
        if (random.nextInt(10) == 0) {
            return "";
        }
        StringBuilder b = new StringBuilder("x");
        for (int n = random.nextInt(9); n > 0; n--) {
            b.append("xyz0123456789".charAt(random.nextInt(13)));
        }
        return b.toString();
    }

    private String number() {
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

    private String valueFor(String key) {
        return key.startsWith("n") ? number() : textValue();
    }

    private String exptime() {
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

    private String delta() {
        switch (random.nextInt(4)) {
            case 0:
                return "18446744073709551615";
            case 1:
                return Long.toString(random.nextLong() >>> 1);
            default:
                return Integer.toString(random.nextInt(20));
        }
    }

    private String noreply() {
        return random.nextInt(4) == 0 ? " noreply" : "";
    }

    /** A CAS to send: one a server gave out, else one no item has. */
    private Function<CasBook, String> casRef(int known) {
        if (known > 0 && random.nextInt(3) > 0) {
            int i = known - 1 - random.nextInt(Math.min(known, 6));
            return book -> Long.toUnsignedString(book.cas(i));
        }
        String bogus = Long.toString(1_000_000_000_000L + random.nextInt(1000));
        return book -> bogus;
    }

    private static Request text(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return book -> b;
    }

    // ---- text -------------------------------------------------------------------------------

    /** One batch of text requests, pipelined in one write; {@code known} CAS values exist so far. */
    List<Request> textBatch(int known) {
        List<Request> batch = new ArrayList<>();
        if (random.nextInt(20) == 0) {
            // first in its batch: memcached also drops the unsent replies of earlier commands
            batch.add(text("get " + anyKey() + " " + LONG_KEY + " " + anyKey() + "\r\n"));
        }
        for (int n = 1 + random.nextInt(6); n > 0; n--) {
            batch.add(textRequest(known));
        }
        if (random.nextInt(40) == 0) {
            batch.add(random.nextInt(batch.size() + 1), longGet());
        }
        return batch;
    }

    /** A get line of 10 to 30 KB: past this server's 8 KB, answered as it streams in. */
    private Request longGet() {
        StringBuilder line = new StringBuilder(random.nextBoolean() ? "gets" : "get");
        for (int n = 1_000 + random.nextInt(2_000); n > 0; n--) {
            line.append(' ').append(random.nextInt(30) == 0 ? KEY_250 : "k" + random.nextInt(12));
        }
        return text(line + "\r\n");
    }

    private Request textRequest(int known) {
        int pick = random.nextInt(100);
        if (pick < 22) {
            String[] cmds = { "set", "add", "replace" };
            String key = anyKey();
            return storage(cmds[random.nextInt(3)], key, valueFor(key), "");
        }
        if (pick < 30) {
            return storage(random.nextBoolean() ? "append" : "prepend", textKey(), textValue(), "");
        }
        if (pick < 37) {
            String key = anyKey();
            Function<CasBook, String> cas = casRef(known);
            String head = "cas " + key + " " + random.nextInt(5) + " " + exptime() + " ";
            String value = valueFor(key);
            String tail = noreply() + "\r\n" + value + "\r\n";
            return book -> (head + value.length() + " " + cas.apply(book) + tail).getBytes(StandardCharsets.ISO_8859_1);
        }
        if (pick < 52) {
            String[] cmds = { "get", "gets", "gat", "gats" };
            String cmd = cmds[random.nextInt(4)];
            StringBuilder line = new StringBuilder(cmd);
            if (cmd.startsWith("gat")) {
                line.append(' ').append(exptime());
            }
            for (int k = 1 + random.nextInt(4); k > 0; k--) {
                line.append(' ').append(anyKey());
            }
            return text(line + "\r\n");
        }
        if (pick < 66) {
            return text((random.nextBoolean() ? "incr " : "decr ") + anyKey() + " " + delta() + noreply() + "\r\n");
        }
        if (pick < 73) {
            String hold = random.nextInt(5) == 0 ? " 0" : "";
            return text("delete " + anyKey() + hold + noreply() + "\r\n");
        }
        if (pick < 79) {
            return text("touch " + anyKey() + " " + exptime() + noreply() + "\r\n");
        }
        if (pick < 80) {
            return text("flush_all" + (random.nextBoolean() ? " 0" : "") + noreply() + "\r\n");
        }
        if (pick < 83) {
            return badChunk();
        }
        if (pick < 84) {
            return tooLarge();
        }
        return text(MALFORMED[random.nextInt(MALFORMED.length)]);
    }

    private Request storage(String cmd, String key, String value, String extra) {
        return text(cmd + " " + key + " " + random.nextInt(5) + " " + exptime() + " " + value.length() + extra
                + noreply() + "\r\n" + value + "\r\n");
    }

    /** A data block longer than declared: memcached reads the declared length and two bytes, then parses the rest as a line. */
    private Request badChunk() {
        String value = "x" + "yz0123".substring(0, 1 + random.nextInt(5));
        int declared = random.nextInt(value.length());
        return text("set " + textKey() + " 0 0 " + declared + noreply() + "\r\n" + value + "\r\n");
    }

    private Request tooLarge() {
        String[] cmds = { "set", "add", "append", "cas" };
        String cmd = cmds[random.nextInt(cmds.length)];
        String line = cmd + " " + anyKey() + " 0 0 " + TOO_LARGE + (cmd.equals("cas") ? " 1" : "") + noreply() + "\r\n";
        byte[] head = line.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = java.util.Arrays.copyOf(head, head.length + TOO_LARGE + 2);
        java.util.Arrays.fill(all, head.length, all.length - 2, (byte) 'x');
        all[all.length - 2] = '\r';
        all[all.length - 1] = '\n';
        return book -> all;
    }

    private static final String[] MALFORMED = { "\r\n", "bogus\r\n", "g\r\n", "get\r\n", "gets \r\n", "gat\r\n",
            "gat 10\r\n", "gat soon k0\r\n", "set k0 0 0\r\n", "set k0 x 0 1\r\nx\r\n", "set k0 0 0 -1\r\n",
            "set k0 0 0 1 junk\r\nx\r\n", "set k0 0 0 noreply\r\n", "set k0 x 0 1 noreply\r\nx\r\n",
            "add " + LONG_KEY + " 0 0 1\r\nx\r\n", "cas k0 0 0 1\r\nx\r\n", "cas k0 0 0 1 noreply\r\nx\r\n",
            "incr k0\r\n", "incr n0 -1\r\n", "incr n0 abc noreply\r\n", "decr n1 1 junk\r\n",
            "incr " + LONG_KEY + " 1\r\n", "delete\r\n", "delete k0 1\r\n", "delete k0 1 noreply\r\n",
            "delete k0 0 noreply extra\r\n", "delete " + LONG_KEY + "\r\n", "touch k0\r\n", "touch k0 soon\r\n",
            "touch k0 soon noreply\r\n", "touch " + LONG_KEY + " 1\r\n", "flush_all soon\r\n",
            "flush_all soon noreply\r\n", "flush_all 0 noreply x\r\n", "verbosity\r\n", "verbosity 1\r\n",
            "verbosity x\r\n", "verbosity x noreply\r\n", "verbosity 1 junk\r\n", "  get   k0  k1 \r\n",
            "get k0\r\r\n", "GET k0\r\n" };

    // ---- binary -----------------------------------------------------------------------------

    static final int SENTINEL_OPAQUE = 0x5e471e1;

    /** One batch of binary requests, pipelined in one write. */
    List<Request> binaryBatch(int known) {
        List<Request> batch = new ArrayList<>();
        for (int n = 1 + random.nextInt(6); n > 0; n--) {
            batch.add(binaryRequest(known));
        }
        return batch;
    }

    private Request binaryRequest(int known) {
        int opaque = random.nextInt();
        int datatype = random.nextInt(8) == 0 ? 1 + random.nextInt(255) : 0;
        // the CAS matters to storage commands, delete and counters; the others must ignore it
        Function<CasBook, String> casText = random.nextInt(4) == 0 ? casRef(known) : book -> "0";
        int pick = random.nextInt(100);
        byte[] extras;
        String key;
        byte[] value = new byte[0];
        int opcode;
        if (pick < 25) {
            int[] ops = { BinaryClient.SET, BinaryClient.SETQ, BinaryClient.ADD, BinaryClient.ADDQ, BinaryClient.REPLACE,
                    BinaryClient.REPLACEQ };
            opcode = ops[random.nextInt(ops.length)];
            key = anyKey();
            value = valueFor(key).getBytes(StandardCharsets.ISO_8859_1);
            if (random.nextInt(60) == 0) {
                value = new byte[TOO_LARGE];
            }
            extras = BinaryClient.storageExtras(random.nextInt(5), Integer.parseInt(binaryExptime()));
        } else if (pick < 33) {
            int[] ops = { BinaryClient.APPEND, BinaryClient.APPENDQ, BinaryClient.PREPEND, BinaryClient.PREPENDQ };
            opcode = ops[random.nextInt(ops.length)];
            key = textKey();
            value = textValue().getBytes(StandardCharsets.ISO_8859_1);
            extras = new byte[0];
        } else if (pick < 53) {
            int[] ops = { BinaryClient.GET, BinaryClient.GETQ, BinaryClient.GETK, BinaryClient.GETKQ };
            opcode = ops[random.nextInt(ops.length)];
            key = anyKey();
            extras = new byte[0];
        } else if (pick < 63) {
            int[] ops = { BinaryClient.GAT, BinaryClient.GATQ, BinaryClient.GATK, BinaryClient.GATKQ, BinaryClient.TOUCH };
            opcode = ops[random.nextInt(ops.length)];
            key = anyKey();
            extras = BinaryClient.exptimeExtras(Integer.parseInt(binaryExptime()));
        } else if (pick < 80) {
            int[] ops = { BinaryClient.INCREMENT, BinaryClient.INCREMENTQ, BinaryClient.DECREMENT, BinaryClient.DECREMENTQ };
            opcode = ops[random.nextInt(ops.length)];
            key = anyKey();
            // a text key must not become a counter (which memcached may pad, then append to)
            int exptime = key.startsWith("k") || random.nextInt(4) == 0 ? 0xffffffff : Integer.parseInt(binaryExptime());
            extras = BinaryClient.counterExtras(Long.parseUnsignedLong(delta()), random.nextInt(1000), exptime);
        } else if (pick < 90) {
            opcode = random.nextBoolean() ? BinaryClient.DELETE : BinaryClient.DELETEQ;
            key = anyKey();
            extras = new byte[0];
        } else if (pick < 92) {
            opcode = BinaryClient.FLUSH;
            key = "";
            extras = random.nextBoolean() ? BinaryClient.exptimeExtras(0) : new byte[0];
        } else {
            opcode = BinaryClient.NOOP;
            key = "";
            extras = new byte[0];
        }
        byte[] v = value;
        Function<CasBook, String> cas = casText;
        return book -> BinaryClient.request(opcode, datatype, opaque, Long.parseUnsignedLong(cas.apply(book)), extras,
                key, v);
    }

    /** Binary expiry: relative, absolute past or ahead, never expiring (it is unsigned there). */
    private String binaryExptime() {
        switch (random.nextInt(5)) {
            case 0:
                return "1000";
            case 1:
                return "100000000";
            case 2:
                return Long.toString(System.currentTimeMillis() / 1000 + 1000);
            default:
                return "0";
        }
    }

    static Request sentinel() {
        byte[] noop = BinaryClient.request(BinaryClient.NOOP, 0, SENTINEL_OPAQUE, 0, new byte[0], "", new byte[0]);
        return book -> noop;
    }
}
