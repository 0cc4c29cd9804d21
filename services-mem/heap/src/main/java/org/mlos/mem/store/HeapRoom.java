package org.mlos.mem.store;

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
        long max = Runtime.getRuntime().maxMemory();
        if (wantedBytes > currentBytes && max != Long.MAX_VALUE && wantedBytes > max - RESERVE) {
            throw new IllegalArgumentException("the " + store + " store keeps its items on the Java heap, whose maximum is "
                    + (max >> 20) + " MB (-Xmx): " + (wantedBytes >> 20) + " MB of items do not fit beside the "
                    + (RESERVE >> 20) + " MB the node needs; restart the node with the larger -m (its heap is sized"
                    + " from it), or swap to the slab or log store, which keep items off the heap");
        }
    }
}
