package org.mlos.core.kernel;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Where {@link Quiescence} reads other threads' stacks from.
 *
 * <p>{@link Thread#getStackTrace()} is cheap but stops at the JVM's {@code MaxJavaStackTraceDepth}
 * (1,024 frames by default), which can hide a call running deeper below a handle. The JVM's thread
 * dump ({@link ThreadMXBean#getThreadInfo(long[], int)} with no depth limit) reads every frame,
 * but setting up {@code java.management} costs a node's boot tens of milliseconds. So the kernel
 * reads stack traces, and asks the thread dump only for the stacks the traces cut. Where
 * {@code java.management} is missing, a cut stack stays incomplete, and the kernel cannot rule
 * that thread out.
 */
abstract class StackSource {

    /** One thread's stack, innermost frame first; whether it holds every frame; whether the thread dump read it. */
    record Stack(StackTraceElement[] frames, boolean complete, boolean dumped) {
    }

    /** Stack traces, with the thread dump for the stacks they cut when {@code java.management} is present. */
    static StackSource best() {
        return new TracesThenDump(StackTraces.probeLimit());
    }

    /** The thread dump alone. */
    static StackSource threadDump() {
        return new ThreadDump(ManagementFactory.getThreadMXBean());
    }

    /** Stack traces alone: cut stacks stay incomplete (the fallback without {@code java.management}). */
    static StackSource stackTraces() {
        return new StackTraces(StackTraces.probeLimit());
    }

    /** The stacks of the threads, in the same order; null for a thread that ended. */
    abstract Stack[] of(List<Thread> threads);

    private static final class ThreadDump extends StackSource {
        private final ThreadMXBean threads;

        ThreadDump(ThreadMXBean threads) {
            this.threads = threads;
        }

        @Override
        @SuppressWarnings("deprecation") // Thread.threadId() needs Java 19; core runs on 17
        Stack[] of(List<Thread> list) {
            long[] ids = new long[list.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = list.get(i).getId();
            }
            // Integer.MAX_VALUE asks for the entire stack; one safepoint for all of them.
            ThreadInfo[] infos = threads.getThreadInfo(ids, Integer.MAX_VALUE);
            Stack[] out = new Stack[ids.length];
            for (int i = 0; i < ids.length; i++) {
                out[i] = infos[i] == null ? null : new Stack(infos[i].getStackTrace(), true, true);
            }
            return out;
        }
    }

    private static class StackTraces extends StackSource {
        /** Deeper than the JVM's default limit of 1,024 frames. */
        private static final int PROBE_DEPTH = 4_096;

        final int limit;

        StackTraces(int limit) {
            this.limit = limit;
        }

        /** The depth at which this JVM cuts stack traces, found by looking (Integer.MAX_VALUE: none seen). */
        static int probeLimit() {
            int seen = probe(PROBE_DEPTH);
            return seen < PROBE_DEPTH ? seen : Integer.MAX_VALUE;
        }

        private static int probe(int depth) {
            return depth == 0 ? Thread.currentThread().getStackTrace().length : probe(depth - 1);
        }

        @Override
        Stack[] of(List<Thread> list) {
            Stack[] out = new Stack[list.size()];
            for (int i = 0; i < out.length; i++) {
                Thread t = list.get(i);
                StackTraceElement[] frames = t.isAlive() ? t.getStackTrace() : null;
                // A stack as long as the limit may have been cut there.
                out[i] = frames == null ? null : new Stack(frames, frames.length < limit, false);
            }
            return out;
        }
    }

    private static final class TracesThenDump extends StackTraces {
        private ThreadDump dump;
        private boolean noDump;

        TracesThenDump(int limit) {
            super(limit);
        }

        @Override
        Stack[] of(List<Thread> list) {
            Stack[] out = super.of(list);
            List<Integer> cut = new ArrayList<>();
            for (int i = 0; i < out.length; i++) {
                if (out[i] != null && !out[i].complete()) {
                    cut.add(i);
                }
            }
            ThreadDump d = cut.isEmpty() ? null : dump();
            if (d == null) {
                return out;
            }
            List<Thread> deep = new ArrayList<>(cut.size());
            for (int i : cut) {
                deep.add(list.get(i));
            }
            Stack[] whole = d.of(deep);
            for (int j = 0; j < whole.length; j++) {
                out[cut.get(j)] = whole[j];
            }
            return out;
        }

        private synchronized ThreadDump dump() {
            if (dump == null && !noDump) {
                try {
                    dump = (ThreadDump) threadDump();
                } catch (LinkageError | RuntimeException e) {
                    noDump = true; // no java.management: cut stacks stay incomplete
                }
            }
            return dump;
        }
    }
}
