package org.mlos.sched.core;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a key's order across a swap on the receiving scheduler.
 *
 * <ul>
 * <li>While an import is being staged, every keyed task submitted meanwhile waits ({@link #gate}):
 *     the moved tasks are older and must go first.</li>
 * <li>A key whose task was still running on the old scheduler has a fence: its tasks wait until
 *     that task has finished.</li>
 * </ul>
 */
final class Fences {

    private final KeyedQueues queues;
    private final ConcurrentHashMap<Object, Fence> fences = new ConcurrentHashMap<>();
    private final Object gateLock = new Object();
    private volatile boolean gated;
    private final Map<Object, ArrayDeque<Task>> gatedTasks = new LinkedHashMap<>();

    Fences(KeyedQueues queues) {
        this.queues = queues;
    }

    private static final class Fence {
        final CompletionStage<?> done;
        final ArrayDeque<Task> waiting = new ArrayDeque<>();
        boolean released;

        Fence(CompletionStage<?> done) {
            this.done = done;
        }
    }

    /** Submits a keyed task, or keeps it back behind the gate or its key's fence. */
    void submit(Task t) {
        if (gated) {
            synchronized (gateLock) {
                if (gated) {
                    gatedTasks.computeIfAbsent(t.key, k -> new ArrayDeque<>()).add(t);
                    return;
                }
            }
        }
        submitPastGate(t);
    }

    /** A task moved in by a swap: older than anything at the gate, it goes straight to its fence or queue. */
    void submitAdopted(Task t) {
        submitPastGate(t);
    }

    private void submitPastGate(Task t) {
        // Fences exist only for a while after a swap; the emptiness check spares every keyed task
        // the lookup (a hash, a bin read) the rest of the time.
        Fence f = fences.isEmpty() ? null : fences.get(t.key);
        if (f != null) {
            synchronized (f) {
                if (!f.released) {
                    f.waiting.add(t);
                    return;
                }
            }
        }
        queues.submit(t);
    }

    /** Keyed tasks wait from now until {@link #ungate}. */
    void gate() {
        synchronized (gateLock) {
            gated = true;
        }
    }

    /** Lets the tasks that waited at the gate through, in order, and opens it. */
    void ungate() {
        synchronized (gateLock) {
            for (ArrayDeque<Task> tasks : gatedTasks.values()) {
                for (Task t : tasks) {
                    submitPastGate(t);
                }
            }
            gatedTasks.clear();
            gated = false;
        }
    }

    /** A key's tasks wait until {@code done} completes (and any fence the key already has). */
    void add(Object key, CompletionStage<?> done) {
        Fence old = fences.get(key);
        CompletionStage<?> all = old == null ? done
                : java.util.concurrent.CompletableFuture.allOf(old.done.toCompletableFuture(), done.toCompletableFuture());
        Fence f = new Fence(all);
        if (old != null) {
            synchronized (old) {
                f.waiting.addAll(old.waiting); // they wait behind both now
                old.waiting.clear();
                old.released = true;
            }
        }
        fences.put(key, f);
        all.whenComplete((v, e) -> release(key, f));
    }

    private void release(Object key, Fence f) {
        synchronized (f) {
            for (Task t : f.waiting) {
                queues.submit(t);
            }
            f.waiting.clear();
            f.released = true;
        }
        fences.remove(key, f);
    }

    /**
     * A swap's export, with callers held: the fences move on (the task they wait for may still be
     * running), with the tasks waiting behind them, in order.
     */
    void handOver(java.util.List<Object> out, java.util.List<Task> moved) {
        for (var e : fences.entrySet()) {
            Fence f = e.getValue();
            synchronized (f) {
                if (f.released) {
                    continue;
                }
                f.released = true; // from now on nothing waits here
                out.add(new org.mlos.sched.api.KeyFence(e.getKey(), f.done));
                for (Task t : f.waiting) {
                    if (t.ticket.handOver()) {
                        moved.add(t);
                        out.add(new org.mlos.sched.api.TaskEntry(t.key, t.body, t.ticket));
                    }
                }
                f.waiting.clear();
            }
            fences.remove(e.getKey(), f);
        }
    }

    /** The swap rolled back: tasks taken from fences go back behind a fresh one each. */
    void restore(java.util.List<Object> exported, java.util.List<Task> moved) {
        for (Object o : exported) {
            if (o instanceof org.mlos.sched.api.KeyFence kf) {
                add(kf.affinity(), kf.done());
            }
        }
        for (Task t : moved) {
            if (t.ticket.takeBack()) {
                submitPastGate(t);
            }
        }
    }

    /** Tasks held back now (at the gate or behind fences). */
    int waiting() {
        int n = 0;
        synchronized (gateLock) {
            for (ArrayDeque<Task> q : gatedTasks.values()) {
                n += q.size();
            }
        }
        for (Fence f : fences.values()) {
            synchronized (f) {
                n += f.waiting.size();
            }
        }
        return n;
    }
}
