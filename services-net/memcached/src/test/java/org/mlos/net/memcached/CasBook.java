package org.mlos.net.memcached;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Each server's CAS values, numbered in the order they first appear in its replies. */
final class CasBook {
    private final Map<Long, Integer> index = new HashMap<>();
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
