package org.mlos.cluster.scale;

import org.mlos.sched.api.Scheduler;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The scheduler handle's queue depth. Loaded only once {@link QueueDepths} found a scheduler
 * handle, so a node without the scheduling API (optionally imported) never loads this class.
 */
final class SchedulerDepth {

    private SchedulerDepth() {
    }

    /** The depth, or -1 if the handle went away or is another bundle's version of the API. */
    static long of(BundleContext context, ServiceReference<?> ref) {
        Object s = context.getService(ref);
        try {
            return s instanceof Scheduler sched ? sched.queueDepth() : -1;
        } finally {
            context.ungetService(ref);
        }
    }
}
