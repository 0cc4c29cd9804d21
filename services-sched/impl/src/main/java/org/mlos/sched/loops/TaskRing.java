package org.mlos.sched.loops;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.mlos.sched.core.Task;

/**
 * The tasks a loop submits to itself (continuations, fan-out): one producer, the loop's own
 * thread, and many takers (the loop, siblings stealing, a swap's export), first in first out. A
 * push is a store into the array and an ordered store of the tail: no allocation and no atomic
 * instruction, where a {@code ConcurrentLinkedQueue} made a node and won a CAS for every task.
 * A take claims its slot by a CAS on the head.
 *
 * <p>Why a taker never returns a task twice or a slot's newer task: it reads the slot after the
 * tail that published it, and keeps what it read only if its CAS moves the head from that slot's
 * index; the producer writes a slot again only once the head has passed it (it reads the head
 * before it writes), so a slot read by a taker whose CAS then succeeds was not yet overwritten.
 * Slots are not cleared after a take (the producer may already own the slot again), so the ring
 * keeps up to its capacity of finished tasks reachable until they are overwritten.
 */
final class TaskRing {

    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Task[].class);

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(TaskRing.class, "head", long.class);
            TAIL = l.findVarHandle(TaskRing.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Task[] slots;
    private final int mask;
    // head is written by every taker, tail by the producer only: padded apart, so that a push does
    // not lose its line to a sibling's take (and a take its line to the push).
    long p00, p01, p02, p03, p04, p05, p06, p07;
    private volatile long head;
    long p10, p11, p12, p13, p14, p15, p16, p17;
    private volatile long tail;
    long p20, p21, p22, p23, p24, p25, p26, p27;

    /** A ring of {@code capacity} slots, a power of two. */
    TaskRing(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two, at least 2: " + capacity);
        }
        slots = new Task[capacity];
        mask = capacity - 1;
    }

    /** Producer only: adds a task; false if the ring is full (the caller queues it elsewhere). */
    boolean offer(Task t) {
        long tl = (long) TAIL.getOpaque(this); // only this thread writes it
        if (tl - head >= slots.length) {
            return false;
        }
        SLOTS.set(slots, (int) tl & mask, t);
        // A volatile store, not just a release: the loop then reads its siblings' parked flags,
        // and a sibling going to park sets its flag and then reads this tail. Without the
        // store-load order each could miss the other, and the sibling sleep beside a backlog.
        tail = tl + 1;
        return true;
    }

    /** Any thread: takes the oldest task, or null if there is none. */
    Task poll() {
        while (true) {
            long h = head;
            long tl = tail; // volatile read: the slots before it are visible
            if (h >= tl) {
                return null;
            }
            Task t = (Task) SLOTS.getAcquire(slots, (int) h & mask);
            if (HEAD.compareAndSet(this, h, h + 1)) {
                return t;
            }
        }
    }

    boolean isEmpty() {
        return head >= tail;
    }

    int size() {
        long n = tail - head;
        return (int) Math.max(0, Math.min(n, slots.length));
    }
}
