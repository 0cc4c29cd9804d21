package org.mlos.core.kernel;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * Where {@link Quiescence} reads other threads' stacks from.
 *
 * <p>The thread dump ({@link ThreadMXBean#getThreadInfo(long[], int)} with no depth limit) reads
 * every frame, however deep, for all the asked threads at one safepoint. Plain stack traces are
 * cut at the JVM's {@code MaxJavaStackTraceDepth}; a source that cuts says so for each stack it
 * may have cut, and the kernel then cannot rule that thread out.
 */
abstract class StackSource {

    /** The thread dump when {@code java.management} is present, else stack traces. */
    static StackSource best() {
        try {
            return threadDump();
        } catch (LinkageError | RuntimeException e) {
            return stackTraces();
        }
    }

    static StackSource threadDump() {
        return new ThreadDump(ManagementFactory.getThreadMXBean());
    }

    static StackSource stackTraces() {
        return new StackTraces(StackTraces.probeLimit());
    }

    /** For swap reports. */
    abstract String name();

    /** The stacks of the threads, innermost frame first, in the same order; null for a thread that ended. */
    abstract StackTraceElement[][] of(List<Thread> threads);

    /** Whether this source may cut stacks at all. */
    abstract boolean truncates();

    /** Whether this stack may have been cut, hiding outer frames. */
    abstract boolean cut(StackTraceElement[] frames);

    private static final class ThreadDump extends StackSource {
        private final ThreadMXBean threads;

        ThreadDump(ThreadMXBean threads) {
            this.threads = threads;
        }

        @Override
        String name() {
            return "thread-dump";
        }

        @Override
        @SuppressWarnings("deprecation") // Thread.threadId() needs Java 19; core runs on 17
        StackTraceElement[][] of(List<Thread> list) {
            long[] ids = new long[list.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = list.get(i).getId();
            }
            // Integer.MAX_VALUE asks for the entire stack; one safepoint for all of them.
            ThreadInfo[] infos = threads.getThreadInfo(ids, Integer.MAX_VALUE);
            StackTraceElement[][] out = new StackTraceElement[ids.length][];
            for (int i = 0; i < ids.length; i++) {
                out[i] = infos[i] == null ? null : infos[i].getStackTrace();
            }
            return out;
        }

        @Override
        boolean truncates() {
            return false;
        }

        @Override
        boolean cut(StackTraceElement[] frames) {
            return false;
        }
    }

    private static final class StackTraces extends StackSource {
        /** Deep enough to exceed the JVM's default limit of 1,024 frames. */
        private static final int PROBE_DEPTH = 4_096;

        private final int limit;

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
        String name() {
            return limit == Integer.MAX_VALUE ? "stack-traces" : "stack-traces(limit=" + limit + ")";
        }

        @Override
        StackTraceElement[][] of(List<Thread> list) {
            StackTraceElement[][] out = new StackTraceElement[list.size()][];
            for (int i = 0; i < out.length; i++) {
                Thread t = list.get(i);
                out[i] = t.isAlive() ? t.getStackTrace() : null;
            }
            return out;
        }

        @Override
        boolean truncates() {
            return limit != Integer.MAX_VALUE;
        }

        @Override
        boolean cut(StackTraceElement[] frames) {
            return frames.length >= limit;
        }
    }
}
