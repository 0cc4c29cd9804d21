package org.mlos.sched.core;

/** How many workers a scheduler runs. */
public final class Workers {

    private Workers() {
    }

    /** The configured number, or one per available processor. */
    public static int of(SchedConfig config) {
        return config.workers() > 0 ? config.workers() : Runtime.getRuntime().availableProcessors();
    }
}
