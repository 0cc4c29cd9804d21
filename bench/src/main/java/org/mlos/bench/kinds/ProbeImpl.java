package org.mlos.bench.kinds;

import java.util.HashMap;
import java.util.Map;

/** The implementation every variant of the swap-overhead benchmark ends up calling. */
public final class ProbeImpl implements Probe {

    public static final int KEYS = 1024;

    private final Map<Integer, Integer> map = new HashMap<>();
    private int counter;

    public ProbeImpl() {
        for (int i = 0; i < KEYS; i++) {
            map.put(i, i * 31);
        }
    }

    @Override
    public int next() {
        return ++counter;
    }

    @Override
    public int lookup(int key) {
        Integer v = map.get(key & (KEYS - 1));
        return v == null ? -1 : v;
    }
}
