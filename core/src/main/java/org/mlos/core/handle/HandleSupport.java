package org.mlos.core.handle;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Base class of every generated handle.
 *
 * <p>A generated method reads the handle's {@code volatile} direct field and, when it is set and
 * the caller is a platform thread, calls the implementation straight away: one load and one
 * predictable branch, which the JIT inlines through. Otherwise (a swap is under way, call
 * counting is on, no implementation is installed, or the caller is a virtual thread) it takes the
 * mediated path through the {@link Gate}, which counts the call, may hold it, and records the
 * keys of mutating calls.
 *
 * <p>Members are prefixed {@code mlos$} so that they cannot clash with a kind's own methods.
 */
public abstract class HandleSupport<T> {

    /** {@code Thread::isVirtual} where the JVM has it (21+), else constant false. */
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

    private final Gate<T> gate;

    @SuppressWarnings("this-escape") // the gate calls back only after construction
    protected HandleSupport(Gate<T> gate) {
        this.gate = gate;
        gate.bind(this::mlos$direct);
    }

    /** Sets the implementation that platform threads call directly, or null to mediate every call. */
    protected abstract void mlos$direct(T target);

    /**
     * True on a virtual thread. Virtual threads always take the mediated path: the kernel finds
     * direct calls in flight by inspecting platform threads' stacks, and virtual threads cannot
     * be enumerated.
     */
    protected static boolean mlos$vt() {
        try {
            return (boolean) IS_VIRTUAL.invokeExact(Thread.currentThread());
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    protected final T mlos$enter() {
        return gate.enter();
    }

    protected final T mlos$enterMutation(Object key) {
        return gate.enterMutation(key);
    }

    /** A mutation whose method marks several parameters {@code @Key}: each key is told. @since 2.4 */
    protected final T mlos$enterMutations(Object... keys) {
        return gate.enterMutations(keys);
    }

    protected final T mlos$enterMutationAll() {
        return gate.enterMutation(null);
    }

    protected final void mlos$exit() {
        gate.exit();
    }

    /**
     * The mediated call threw (before {@link #mlos$exit()}): counted as a failure when calls are
     * counted. Handles generated before {@link #mlos$failed(Throwable)} call this one.
     */
    protected final void mlos$failed() {
        gate.failed();
    }

    /**
     * The mediated call threw {@code e} (before {@link #mlos$exit()}): counted as a failure when
     * calls are counted, unless the caller's own code threw it to end the call early
     * ({@link org.mlos.core.api.CallerStop}).
     */
    protected final void mlos$failed(Throwable e) {
        if (!(e instanceof org.mlos.core.api.CallerStop)) {
            gate.failed();
        }
    }

    /**
     * Whether a call that threw {@code e} on {@code failed} runs again: only on a remote kind's
     * handle, when the call's node was lost and sending it again cannot run it twice
     * ({@link org.mlos.core.remote.RemoteCallException#resendable()}), once the kind is served
     * by something else (its failover). Called after the call left the gate: the failover's swap
     * waits for calls in flight, this one included.
     */
    protected final boolean mlos$rerun(RuntimeException e, T failed) {
        return e instanceof org.mlos.core.remote.RemoteCallException r
                && r.failure() == org.mlos.core.remote.RemoteCallException.Failure.NODE_LOST && r.resendable()
                && gate.awaitOther(failed);
    }

    @Override
    public final String toString() {
        return "mlos handle of " + gate.kind();
    }

    private static MethodHandle isVirtualHandle() {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        try {
            return lookup.findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return MethodHandles.dropArguments(MethodHandles.constant(boolean.class, false), 0, Thread.class);
        }
    }
}
