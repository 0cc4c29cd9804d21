package org.mlos.sched.loops;

/**
 * A loop's private bookkeeping, padded away from everything other threads read. In the
 * {@link EventLoop} object it shared a cache line with what siblings and submitters read on every
 * task (the queues' references, the parked flag): the loop wrote it on every turn (which pinned
 * queue goes first, where to steal next), and each such write took the line from the sibling
 * reading it, a miss on every submit.
 */
final class LoopLocal extends LoopLocalFields {
    long q0, q1, q2, q3, q4, q5, q6, q7;
}

/** The fields, after the padding in front (a superclass's fields come first, whatever the JVM's field order). */
class LoopLocalFields extends LoopLocalPad {
    /** Which pinned queue to look at first this turn: they take turns. */
    boolean ownPinnedFirst;
    /** The sibling to steal from next. */
    int stealFrom;
    /** Timers added as last seen, when the earliest known one is due, and whether one waits. */
    int timersSeen;
    long nextTimerAt;
    boolean timerWaiting;
}

class LoopLocalPad {
    long p0, p1, p2, p3, p4, p5, p6, p7;
}
