package org.mlos.sched.core;

import org.mlos.core.settings.Settings;
import org.osgi.framework.BundleContext;

/** How many workers a scheduler runs. */
public final class Workers {

    /**
     * Framework property for the schedulers' workers when their configuration does not set them:
     * the worker profile carries no Configuration Admin, and its workers could not be set at all.
     */
    public static final String PROPERTY = "mlos.sched.workers";

    private Workers() {
    }

    /** The configured number, else {@value #PROPERTY}, else one per available processor. */
    public static int of(SchedConfig config, BundleContext context) {
        Settings settings = Settings.of(context).configured(PROPERTY, config.workers() > 0 ? config.workers() : null);
        return settings.integer(PROPERTY, Runtime.getRuntime().availableProcessors(), 1, 32_768);
    }
}
