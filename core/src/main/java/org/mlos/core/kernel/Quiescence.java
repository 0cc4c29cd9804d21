package org.mlos.core.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Finds direct calls in flight: calls that read a handle's direct field before the kernel
 * closed it, and so run on the old implementation without being counted.
 *
 * <p>This is K42's quiescence detection done with the JVM's help instead of per-call
 * bookkeeping, which is what keeps the direct path free. Once the direct field is null, no new
 * direct call can start, so the kernel only has to see each platform thread once outside any
 * direct call of the handle. A thread's stack trace is taken at a safepoint or handshake, with
 * inlined frames restored, so a direct call in flight always shows as a frame of the handle's
 * public method whose callee is not the handle's mediator (nor the mediated twin,
 * {@code <method>$m}). Threads found inside one are inspected again until they have left it.
 *
 * <p>Virtual threads cannot be enumerated, so generated handles never let them take the direct
 * path; their calls are counted by the {@link org.mlos.core.handle.CallGate} instead.
 */
final class Quiescence {

    private Quiescence() {
    }

    /**
     * Waits until no platform thread other than the caller is inside a direct call of the handle
     * class; returns the threads still inside when the deadline passed (empty on success).
     */
    static List<Thread> awaitNoDirectCalls(String handleClass, long deadlineNanos) {
        Thread self = Thread.currentThread();
        List<Thread> suspects = new ArrayList<>();
        for (Thread t : platformThreads()) {
            if (t != self && inDirectCall(t.getStackTrace(), handleClass)) {
                suspects.add(t);
            }
        }
        int round = 0;
        while (!suspects.isEmpty()) {
            if (System.nanoTime() - deadlineNanos >= 0) {
                return suspects;
            }
            if (++round < 100) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(50_000);
            }
            suspects.removeIf(t -> !t.isAlive() || !inDirectCall(t.getStackTrace(), handleClass));
        }
        return suspects;
    }

    /** True if the current thread is itself inside a direct call of the handle class. */
    static boolean currentThreadInDirectCall(String handleClass) {
        return inDirectCall(Thread.currentThread().getStackTrace(), handleClass);
    }

    /** True if the frames show a call of the handle class that is not on its mediated path. */
    static boolean inDirectCall(StackTraceElement[] frames, String handleClass) {
        for (int i = 0; i < frames.length; i++) {
            StackTraceElement f = frames[i];
            if (!f.getClassName().equals(handleClass) || isMediated(f.getMethodName())
                    || isConstructor(f.getMethodName())) {
                continue;
            }
            if (i == 0 || !isMediated(frames[i - 1], handleClass)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isMediated(String method) {
        return method.endsWith("$m") || method.startsWith("mlos$");
    }

    /** The callee of a handle frame when the call went down the mediated path. */
    private static boolean isMediated(StackTraceElement callee, String handleClass) {
        String c = callee.getClassName();
        return c.equals(handleClass + MEDIATOR) || (c.equals(handleClass) && isMediated(callee.getMethodName()));
    }

    static final String MEDIATOR = "$Mediator";

    private static boolean isConstructor(String method) {
        return method.equals("<init>") || method.equals("<clinit>");
    }

    static Thread[] platformThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[Math.max(16, root.activeCount() * 2)];
        int n;
        while ((n = root.enumerate(threads, true)) == threads.length) {
            threads = new Thread[threads.length * 2];
        }
        Thread[] live = new Thread[n];
        System.arraycopy(threads, 0, live, 0, n);
        return live;
    }
}
