package org.mlos.mem.store;

import org.mlos.core.settings.Settings;
import org.osgi.framework.BundleContext;

/**
 * Memory budgets: a component's own configuration ({@code capacity.mb}) if set, else the
 * framework property given, else a default; for stores, a budget an operator set while the node
 * runs ({@link #storeResized}) wins over all three, as memcached's {@code cache_memlimit} replaces
 * its {@code -m}.
 */
public final class Capacity {

    /**
     * The store budget last set by a resize of a store the node created, 0 if none: node-wide, so
     * that the store a swap brings in (and any created later) keeps it. One per framework, as this
     * class is one per bundle.
     */
    private static volatile long storeResized;

    /** A budget in bytes must fit a long. */
    private static final long MAX_MB = Long.MAX_VALUE >> 20;

    private Capacity() {
    }

    /**
     * @param configuredMb the component's {@code capacity.mb}, or a negative number if unset
     * @param property     framework property consulted next, e.g. {@code mlos.mem.store.capacity.mb}
     * @param defaultMb    the default
     * @return the budget in bytes
     * @throws IllegalArgumentException naming the setting if the budget is not a number of at least 1 MB
     */
    public static long bytes(long configuredMb, BundleContext context, String property, long defaultMb) {
        Settings settings = Settings.of(context).configured(property, configuredMb >= 0 ? configuredMb : null);
        return settings.number(property, defaultMb, 1, MAX_MB) << 20;
    }

    /** The store budget a resize set while the node runs, in bytes; 0 if none. */
    public static long storeResized() {
        return storeResized;
    }

    /** Records a store budget set while the node runs, for the stores created or swapped in after (0: none; tests reset it so). */
    public static void storeResized(long bytes) {
        storeResized = bytes;
    }
}
