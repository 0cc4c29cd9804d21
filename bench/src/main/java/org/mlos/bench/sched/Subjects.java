package org.mlos.bench.sched;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;

import org.mlos.sched.core.AbstractScheduler;
import org.mlos.sched.loops.LoopsScheduler;
import org.mlos.sched.pool.PoolScheduler;
import org.mlos.sched.virtual.VirtualScheduler;

/**
 * Every executor the bench compares, by the name its rows carry: ours (unkeyed and keyed), the
 * fixed pool every ratio is taken against, and the JDK's like-for-like peers.
 */
final class Subjects implements AutoCloseable {

    private final Map<String, Submit> byName = new LinkedHashMap<>();
    private final ExecutorService fixed;
    private final ExecutorService[] singles;
    private final ExecutorService jdkVirtual = Executors.newVirtualThreadPerTaskExecutor();
    private final ForkJoinPool forkJoin;
    private final AbstractScheduler[] ours;

    Subjects(int workers) {
        fixed = Executors.newFixedThreadPool(workers);
        // Keyed order as the JDK offers it: a single-thread executor per worker, a key always to the same one.
        singles = new ExecutorService[workers];
        for (int w = 0; w < workers; w++) {
            singles[w] = Executors.newSingleThreadExecutor();
        }
        // The JDK's work-stealing pool in the mode its documentation gives event-style tasks that
        // are never joined (asyncMode: FIFO local queues); a worker's submit goes to its own queue.
        forkJoin = new ForkJoinPool(workers, ForkJoinPool.defaultForkJoinWorkerThreadFactory, null, true);
        ours = new AbstractScheduler[] { new PoolScheduler(workers), new LoopsScheduler(workers), new VirtualScheduler() };
        byName.put("fixed_thread_pool", (k, r) -> fixed.execute(r));
        byName.put("common_pool", (k, r) -> ForkJoinPool.commonPool().execute(r));
        byName.put("forkjoin", (k, r) -> forkJoin.execute(r));
        byName.put("fixed_keyed", (k, r) -> singles[k % workers].execute(r));
        byName.put("jdk_virtual", (k, r) -> jdkVirtual.execute(r));
        String[] names = { "pool", "loops", "virtual" };
        for (int i = 0; i < ours.length; i++) {
            AbstractScheduler s = ours[i];
            // Keys boxed once: a boxed Integer per task would be the bench's cost, not the scheduler's.
            byName.put(names[i], (k, r) -> s.execute(r));
            byName.put(names[i] + "_keyed", (k, r) -> s.execute(KEYS[k & (KEYS.length - 1)], r));
        }
    }

    private static final Integer[] KEYS = new Integer[1024];

    static {
        for (int i = 0; i < KEYS.length; i++) {
            KEYS[i] = i;
        }
    }

    Submit get(String name) {
        Submit s = byName.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no executor named " + name + "; known: " + byName.keySet());
        }
        return s;
    }

    java.util.Set<String> names() {
        return byName.keySet();
    }

    boolean has(String name) {
        return byName.containsKey(name);
    }

    @Override
    public void close() {
        fixed.shutdown();
        jdkVirtual.shutdown();
        forkJoin.shutdown();
        for (ExecutorService single : singles) {
            single.shutdown();
        }
        for (AbstractScheduler s : ours) {
            s.retired();
        }
    }
}
