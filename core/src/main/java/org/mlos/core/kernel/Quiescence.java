package org.mlos.core.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Finds direct calls in flight: calls that read a handle's direct field before the kernel
 * closed it, and so run on the old implementation without being counted.
 *
 * <p>This is K42's quiescence detection done with the JVM's help instead of per-call
 * bookkeeping, which is what keeps the direct path free. Once the direct field points at the
 * mediator, no new direct call can start, so the kernel only has to see each platform thread
 * once outside any direct call of the handle. Stacks are taken at a safepoint or handshake,
 * inlined frames included, so a direct call in flight always shows as a frame of the handle's
 * public method whose callee is not the handle's mediator (nor the mediated twin,
 * {@code <method>$m}). Threads found inside one are inspected again until they have left it.
 *
 * <p>The whole stack matters: a call may run thousands of frames below the handle's frame.
 * {@link Thread#getStackTrace()} stops at the JVM's {@code MaxJavaStackTraceDepth} (1,024 by
 * default), so a stack that long is read again through the JVM's thread dump, which has no depth
 * limit ({@link StackSource}). Where {@code java.management} is missing, a cut stack counts as
 * possibly inside a call: the swap then waits, and rolls back rather than guess.
 *
 * <p>Virtual threads cannot be enumerated, so generated handles never let them take the direct
 * path; their calls are counted by the {@link CallGate} instead.
 */
final class Quiescence {

    private final StackSource stacks;

    Quiescence(StackSource stacks) {
        this.stacks = stacks;
    }

    /** The best source this JVM offers. */
    static Quiescence forThisJvm() {
        return new Quiescence(StackSource.best());
    }

    /**
     * What one drain found: the threads still inside a direct call when the deadline passed
     * (empty on success), whether some of them count as inside only because their stack could not
     * be read whole, and how the stacks were read ({@code stack-traces}, plus
     * {@code +thread-dump} when stacks too deep for traces were read whole).
     */
    record Result(List<Thread> stuck, boolean depthUnknown, String method) {
        boolean quiet() {
            return stuck.isEmpty();
        }
    }

    /**
     * Waits until no platform thread other than the caller is inside a direct call of the handle
     * class.
     */
    Result awaitNoDirectCalls(String handleClass, long deadlineNanos) {
        Thread self = Thread.currentThread();
        List<Thread> suspects = new ArrayList<>();
        for (Thread t : platformThreads()) {
            if (t != self) {
                suspects.add(t);
            }
        }
        Round round = new Round();
        suspects = round.inside(suspects, handleClass);
        int rounds = 0;
        while (!suspects.isEmpty()) {
            if (System.nanoTime() - deadlineNanos >= 0) {
                return new Result(suspects, round.incomplete, round.method());
            }
            if (++rounds < 20) {
                Thread.onSpinWait();
            } else {
                // A suspect still inside after this long has most likely been preempted; on a
                // busy machine the core it needs may be this one.
                LockSupport.parkNanos(rounds < 200 ? 20_000 : 200_000);
            }
            suspects = round.inside(suspects, handleClass);
        }
        return new Result(List.of(), false, round.method());
    }

    /** The rounds of one drain, and what they had to do to read the stacks. */
    private final class Round {
        boolean dumped;
        boolean incomplete;

        List<Thread> inside(List<Thread> threads, String handleClass) {
            StackSource.Stack[] all = stacks.of(threads);
            List<Thread> inside = new ArrayList<>();
            incomplete = false;
            for (int i = 0; i < all.length; i++) {
                StackSource.Stack s = all[i];
                if (s == null || !threads.get(i).isAlive()) {
                    continue; // ended
                }
                dumped |= s.dumped();
                if (!s.complete()) {
                    incomplete = true;
                    inside.add(threads.get(i)); // cannot rule it out
                } else if (inDirectCall(s.frames(), handleClass)) {
                    inside.add(threads.get(i));
                }
            }
            return inside;
        }

        String method() {
            if (incomplete) {
                return "stack-traces(cut)";
            }
            return dumped ? "stack-traces+thread-dump" : "stack-traces";
        }
    }

    /** True if the current thread is itself inside a direct call of the handle class (any depth). */
    static boolean currentThreadInDirectCall(String handleClass) {
        StackTraceElement[] frames = StackWalker.getInstance()
                .walk(s -> s.map(StackWalker.StackFrame::toStackTraceElement).toArray(StackTraceElement[]::new));
        return inDirectCall(frames, handleClass);
    }

    /** True if the frames (innermost first) show a call of the handle class that is not on its mediated path. */
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
