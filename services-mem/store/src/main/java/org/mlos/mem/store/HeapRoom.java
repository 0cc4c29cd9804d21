package org.mlos.mem.store;

import java.lang.management.ManagementFactory;

import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * Whether a store whose items live on the Java heap may grow: the node's -Xmx is sized from the
 * capacity it started with (the launcher: capacity + {@value #RESERVE} bytes + connections), and a
 * store grown beyond it would end in an OutOfMemoryError rather than in evictions.
 */
final class HeapRoom {

    /** Heap a node keeps beside its on-heap items. */
    static final long RESERVE = 64L << 20;

    private HeapRoom() {
    }

    static void check(long currentBytes, long wantedBytes, String store) {
        long usable = Runtime.getRuntime().maxMemory();
        if (wantedBytes > currentBytes && usable != Long.MAX_VALUE && wantedBytes > usable - RESERVE) {
            throw new IllegalArgumentException(refusal(wantedBytes, store, usable, maxHeapSize()));
        }
    }

    /**
     * The refusal's words. {@code usable} is what the JVM lets objects take, which with the
     * serial or parallel collector leaves out a survivor space: an operator who gave -Xmx144m
     * reads 144 there (the regression this pins: the message said 138 or 128), with the usable
     * figure beside it when it differs. {@code wantedBytes} is the limit asked for, not items held.
     */
    static String refusal(long wantedBytes, String store, long usable, long xmx) {
        String heap = xmx > 0 ? "-Xmx is " + mb(xmx) + " MB" + (mb(usable) != mb(xmx) ? " (" + mb(usable)
                + " MB of it usable: the collector keeps a survivor space out)" : "")
                : "the maximum is " + mb(usable) + " MB (-Xmx)";
        return "the " + store + " store keeps its items on the Java heap, where " + heap + ": a limit of "
                + mb(wantedBytes) + " MB does not fit beside the " + mb(RESERVE) + " MB the node needs (at most "
                + Math.max(0, mb(usable - RESERVE)) + " MB would); restart the node with the larger -m (its heap"
                + " is sized from it), or swap to the slab or log store, which keep items off the heap";
    }

    private static long mb(long bytes) {
        return bytes >> 20;
    }

    /** The JVM's MaxHeapSize (what -Xmx set), or -1 where the HotSpot diagnostic bean is not there. */
    private static long maxHeapSize() {
        try {
            Object option = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=HotSpotDiagnostic"), "getVMOption",
                    new Object[] { "MaxHeapSize" }, new String[] { String.class.getName() });
            return Long.parseLong(String.valueOf(((CompositeData) option).get("value")));
        } catch (Exception | LinkageError notHotSpot) {
            return -1;
        }
    }
}
