package org.mlos.net.memcached;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Random batches of binary requests, pipelined in one write each (see {@link RandomRequests}). */
final class BinaryBatches extends RandomRequests {

    BinaryBatches(long seed) {
        super(seed);
    }

    static final int SENTINEL_OPAQUE = 0x5e471e1;

    /** One batch of binary requests, pipelined in one write. */
    List<Request> next(int known) {
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
