package org.mlos.bench.kinds;

import java.util.HashMap;
import java.util.Map;

/** The implementation every variant of the swap-overhead benchmark ends up calling. */
public final class ProbeImpl implements Probe {

    public static final int KEYS = 1024;

    private final Map<Integer, Integer> map = new HashMap<>();
    private long state = 0x9E3779B97F4A7C15L;

    public ProbeImpl() {
        for (int i = 0; i < KEYS; i++) {
            map.put(i, i * 31);
        }
    }

    /** A xorshift step and a mix: a few nanoseconds of dependent arithmetic the JIT cannot fold away. */
    @Override
    public int next() {
        long x = state;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        state = x;
        x *= 0xBF58476D1CE4E5B9L;
        x ^= x >>> 31;
        return (int) x;
    }

    @Override
    public int lookup(int key) {
        Integer v = map.get(key & (KEYS - 1));
        return v == null ? -1 : v;
    }
}
