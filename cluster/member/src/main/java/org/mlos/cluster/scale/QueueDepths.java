package org.mlos.cluster.scale;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * The node's queue depths now, by name, for its load: {@code sched}, its scheduler's tasks ready
 * and not started ({@code Scheduler.queueDepth()}, found by name like the store: the cluster
 * bundle imports the scheduling API optionally, a cache node has none), and every
 * {@link LongSupplier} service with the property {@value #PROPERTY} (the memcached server's
 * backlog registers one as {@code memcached}). Each read is a counter sum, no walk over queues.
 */
final class QueueDepths {

    /** Service property naming the queue a {@link LongSupplier} service measures. */
    static final String PROPERTY = "mlos.load.queue";
    static final String SCHEDULER = "org.mlos.sched.api.Scheduler";

    private QueueDepths() {
    }

    static Map<String, Long> read(BundleContext context) {
        Map<String, Long> out = new TreeMap<>();
        try {
            ServiceReference<?>[] sched = context.getServiceReferences(SCHEDULER, "(mlos.handle=true)");
            if (sched != null && sched.length > 0) {
                long d = SchedulerDepth.of(context, sched[0]);
                if (d >= 0) {
                    out.put("sched", d);
                }
            }
            suppliers(context, PROPERTY, out);
        } catch (InvalidSyntaxException impossible) {
            throw new IllegalStateException(impossible);
        } catch (IllegalStateException stopping) {
            // the bundle is stopping: no figures this time
        }
        return out;
    }

    /** Service property naming the server a {@link LongSupplier} service counts its clients' operations for. */
    static final String OPS_PROPERTY = "mlos.load.ops";

    /**
     * The operations the node's servers' clients asked for so far (the {@link LongSupplier}
     * services with {@value #OPS_PROPERTY}, summed), or -1 where no server counts them.
     */
    static long clientOperations(BundleContext context) {
        Map<String, Long> byServer = new TreeMap<>();
        try {
            if (!suppliers(context, OPS_PROPERTY, byServer)) {
                return -1;
            }
        } catch (InvalidSyntaxException impossible) {
            throw new IllegalStateException(impossible);
        } catch (IllegalStateException stopping) {
            return -1;
        }
        return total(byServer);
    }

    /**
     * Adds each {@link LongSupplier} service with {@code property} to {@code out}, by the property's
     * value (negative figures as 0); false if there is none.
     */
    private static boolean suppliers(BundleContext context, String property, Map<String, Long> out)
            throws InvalidSyntaxException {
        ServiceReference<?>[] refs = context.getServiceReferences(LongSupplier.class.getName(), "(" + property + "=*)");
        if (refs == null) {
            return false;
        }
        for (ServiceReference<?> r : refs) {
            Object s = context.getService(r);
            try {
                if (s instanceof LongSupplier q) {
                    out.merge(String.valueOf(r.getProperty(property)), Math.max(0, q.getAsLong()), Long::sum);
                }
            } finally {
                context.ungetService(r);
            }
        }
        return true;
    }

    static long total(Map<String, Long> depths) {
        long n = 0;
        for (long d : depths.values()) {
            n += d;
        }
        return n;
    }
}
