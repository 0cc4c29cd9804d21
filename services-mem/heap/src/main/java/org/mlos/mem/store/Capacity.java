package org.mlos.mem.store;

import org.mlos.core.settings.Settings;
import org.osgi.framework.BundleContext;

/**
 * Memory budgets: a component's own configuration ({@code capacity.mb}) if set, else the
 * framework property given, else a default.
 */
public final class Capacity {

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
}
