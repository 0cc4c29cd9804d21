package org.mlos.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A cache node's JVM, sized from its store's capacity and its connection limit, so that its
 * memory follows its capacity as memcached's follows {@code -m} (the formula and what was
 * measured: runtime-launcher/README.md). Without it the JVM takes a quarter of the machine's
 * memory for heap and as much again for direct buffers, and a 64 MB cache grew to gigabytes.
 *
 * <p>The {@code mlos} script computes the same figures in shell for {@code mlos run} (a JVM
 * started only to size another would cost every boot); keep the two in step.
 */
public final class NodeSizing {

    /**
     * The profiles whose nodes are sized: those that serve a store to clients. {@code cache-chronicle}
     * is {@code cache} with its journal on Chronicle Queue, whose mapped files are outside the
     * heap and direct limits (what they add to the RSS: runtime-launcher/README.md);
     * {@code cache-standalone} is {@code cache} without the cluster.
     */
    public static final Set<String> PROFILES = Set.of("cache", "cache-chronicle", "cache-standalone");
    /** services-mem's default store capacity, and memcached's default connection limit. */
    static final long DEFAULT_CAPACITY_MB = 64;
    static final long DEFAULT_CONNECTIONS = 1024;

    /** Heap beyond the items: the framework, Vert.x, Hazelcast and the store's index at rest. */
    static final long HEAP_FLOOR_MB = 64;
    /**
     * Where the heap starts, and the least it shrinks to: small, else G1 commits its whole maximum
     * at once. Not smaller: the young generation is a third of it and stays near there, and from
     * 16 MB (a ~4 MB eden) a {@code slab} node with 1 M items of 100 bytes held ~10 MB less
     * (288–301 MB against 302–315, read 2 s after the fill, three runs each; 32 MB: 292–306) but
     * the pipelined meta load collected so often that it lost: ratio to memcached 0.98–1.00 with
     * p99 532–720 us at 16 MB, 1.04–1.06 at 32 MB, 1.01–1.22 with p99 218–416 us at 64 MB (two
     * to four runs each, load average 2–5).
     */
    static final long HEAP_INITIAL_MB = 64;
    /** Heap a connection may hold: its session, Vert.x and Netty objects, its input buffer. */
    static final long HEAP_PER_CONNECTION_KB = 16;
    /**
     * Direct buffers: Netty's pools. The stores' off-heap memory is FFM memory, which
     * MaxDirectMemorySize does not count; the stores bound it by their capacity themselves.
     */
    static final long DIRECT_FLOOR_MB = 32;
    static final long DIRECT_PER_CONNECTION_KB = 8;
    /**
     * G1 keeps the heap near what is live: it starts small, grows only when collections would
     * take more than a fifth of the time, and gives back what stays free. Without these it takes
     * the whole maximum at once and keeps it, and a slab node (items off the heap) held its full
     * heap beside its full store: 1.5 × capacity was out of reach at 256 MB.
     */
    static final List<String> HEAP_TRACKS_LIVE = List.of("-XX:GCTimeRatio=4", "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=30");
    /** The store kind property, and the cache profiles' default store (cnf/profiles/cache*.bndrun). */
    static final String STORE_KIND = "mlos.kind.KeyValueStore";
    static final String PROFILE_STORE = "slab";
    /**
     * A node whose store keeps its items off the heap has a small heap of short-lived objects,
     * where G1's remembered sets and marking structures cost more memory than they save pause
     * time: the parallel collector held a filled 1 GB {@code slab} node 40–60 MB lower (G1 also
     * grew its heap further under the fill). The serial collector, a little lower again, at the
     * same throughput: no GC worker threads or parallel-compaction tables to keep. 1 M items of
     * 100 bytes (-m 1024, read 2 s after the fill, three runs each, alternating): 314–315 MB
     * against 316–317 under the parallel collector; with -Xms16m 288–290 against 295–302 ten
     * seconds after the fill. Under memaslap (text and binary, ~60 s, -Xms16m) its young pauses
     * took 90 ms in all against 153 ms (max 7.5 ms both); the meta load's ratio to memcached
     * was 1.01–1.22 against 1.08–1.19 (load average 4–5). Nodes of the heap-holding stores keep
     * G1, whose pauses do not grow with a large live heap.
     */
    static final Set<String> OFF_HEAP_STORES = Set.of("slab");
    static final String SMALL_HEAP_GC = "-XX:+UseSerialGC";
    /**
     * Native memory the JVM freed (the JIT's arenas after a burst of compiles, Netty's and the
     * framework's start-up buffers) goes back to the system instead of staying in
     * glibc's free lists: a filled 1 GB {@code slab} node held 13–18 MB less at a 5 s interval, an
     * idle one ~24 MB. Every second rather than every 5: the fill's burst of compiles is given back a few seconds
     * sooner (1 M items of 100 bytes, read 2 s after the fill: 300–301 MB against 305–306, three
     * runs each); a trim took 0.2–1.3 ms on its own thread. What the JIT's arenas keep in the
     * JVM's chunk pool (~12 MB after the fill's compiles) is freed only by the pool's cleaner,
     * every 5 s whatever this says, and then trimmed.
     */
    static final String TRIM_NATIVE_HEAP = "-XX:TrimNativeHeapInterval=1000";

    private NodeSizing() {
    }

    /**
     * The JVM options for a node of {@code profile} started with the launcher's {@code args};
     * none for other profiles. What {@code userJvm} already sets (heap, direct memory) is left to it.
     */
    public static List<String> jvmOptions(String profile, List<String> args, List<String> userJvm) {
        if (!PROFILES.contains(profile)) {
            return List.of();
        }
        List<String> launcherArgs = new ArrayList<>(args);
        launcherArgs.add(0, profile);
        NodeOptions options = NodeOptions.parse(launcherArgs.toArray(new String[0]), false);
        long capacityMb = number(options.overrides().get(MemcachedOptions.CAPACITY_MB), DEFAULT_CAPACITY_MB);
        long connections = number(options.overrides().get(MemcachedOptions.MAX_CONNECTIONS), DEFAULT_CONNECTIONS);
        long largeItemMb = largeItemMb(options.overrides().get(MemcachedOptions.ITEM_MAX));
        List<String> out = new ArrayList<>(8);
        String store = StoreLimits.memoryStore(options.overrides(), profile);
        if (OFF_HEAP_STORES.contains(store) && userJvm.stream().noneMatch(NodeSizing::choosesCollector)) {
            out.add(SMALL_HEAP_GC);
        }
        if (userJvm.stream().noneMatch(NodeSizing::setsHeap)) {
            out.add("-Xms" + HEAP_INITIAL_MB + "m");
            out.add("-Xmx" + (heapMb(capacityMb, connections) + HEAP_LARGE_ITEMS * largeItemMb) + "m");
            out.addAll(HEAP_TRACKS_LIVE);
        }
        if (userJvm.stream().noneMatch(o -> o.startsWith("-XX:MaxDirectMemorySize="))) {
            out.add("-XX:MaxDirectMemorySize=" + (directMb(connections) + DIRECT_LARGE_ITEMS * largeItemMb) + "m");
        }
        if (userJvm.stream().noneMatch(o -> o.startsWith("-XX:TrimNativeHeapInterval="))) {
            out.add(TRIM_NATIVE_HEAP);
        }
        return out;
    }

    /** Heap: the whole capacity (the {@code heap} store keeps items there; a live swap may pick it). */
    static long heapMb(long capacityMb, long connections) {
        return capacityMb + HEAP_FLOOR_MB + ceilMb(connections * HEAP_PER_CONNECTION_KB);
    }

    /**
     * Megabytes of an item limit ({@code -I}) above memcached's default 1 MB, rounded up; 0 for
     * items up to 1 MB, which the floors cover. A larger item is in the heap several times over
     * while it moves: the input that receives it (a quarter more than its bytes), the value taken
     * from it, and on a get the reply it is written into; and once in direct memory, the reply the
     * socket sends from. Without them a node of {@code -m 64 -I 32m} ran out of heap on a get of
     * a 31 MB item and closed the connection.
     */
    static long largeItemMb(String itemMax) {
        long bytes = itemMax == null ? 0 : number(itemMax, 0);
        return bytes > 1 << 20 ? (bytes + (1 << 20) - 1) >> 20 : 0;
    }

    /** Large items in flight at once that the heap makes room for; and direct memory. */
    static final long HEAP_LARGE_ITEMS = 3;
    static final long DIRECT_LARGE_ITEMS = 2;

    static long directMb(long connections) {
        return DIRECT_FLOOR_MB + ceilMb(connections * DIRECT_PER_CONNECTION_KB);
    }

    private static long ceilMb(long kb) {
        return (kb + 1023) / 1024;
    }

    private static boolean setsHeap(String option) {
        return option.startsWith("-Xmx") || option.startsWith("-Xms") || option.startsWith("-XX:MaxHeapSize=")
                || option.startsWith("-XX:InitialHeapSize=") || option.startsWith("-XX:MaxRAMPercentage=");
    }

    private static boolean choosesCollector(String option) {
        return option.startsWith("-XX:+Use") && option.endsWith("GC");
    }

    private static long number(String value, long fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new NodeOptions.UsageException("not a number: '" + value + "'");
        }
    }
}
