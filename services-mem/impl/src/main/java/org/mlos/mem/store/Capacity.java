package org.mlos.mem.store;

import org.osgi.framework.BundleContext;

/**
 * Memory budgets: a component's own configuration ({@code capacity.mb}) if set, else the
 * framework property given, else a default.
 */
public final class Capacity {

    private Capacity() {
    }

    /**
     * @param configuredMb the component's {@code capacity.mb}, or a negative number if unset
     * @param property     framework property consulted next, e.g. {@code mlos.mem.store.capacity.mb}
     * @param defaultMb    the default
     * @return the budget in bytes
     */
    public static long bytes(long configuredMb, BundleContext context, String property, long defaultMb) {
        long mb = configuredMb;
        if (mb < 0 && context != null) {
            String p = context.getProperty(property);
            if (p != null && !p.isBlank()) {
                try {
                    mb = Long.parseLong(p.trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("framework property " + property
                            + " must be a number of megabytes, was '" + p + "'", e);
                }
            }
        }
        if (mb < 0) {
            mb = defaultMb;
        }
        if (mb <= 0) {
            throw new IllegalArgumentException("capacity must be at least 1 MB, was " + mb);
        }
        return mb << 20;
    }
}
