package org.mlos.core.kernel;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Keys changed by mutating calls during a live swap's copy. */
public final class DirtyLog {

    private final Set<Object> keys = ConcurrentHashMap.newKeySet();
    private volatile boolean all;

    void touch(Object key) {
        if (key == null) {
            all = true;
        } else {
            keys.add(key);
        }
    }

    /** The keys changed since the log started. */
    public Set<Object> keys() {
        return keys;
    }

    /** True when a call changed state without naming a key: everything must be copied again. */
    public boolean all() {
        return all;
    }
}
