package org.mlos.net.memcached;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Random batches of text requests, pipelined in one write each (see {@link RandomRequests}). */
final class TextBatches extends RandomRequests {

    TextBatches(long seed) {
        super(seed);
    }

    /** One batch of text requests, pipelined in one write; {@code known} CAS values exist so far. */
    List<Request> next(int known) {
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
}
