package org.mlos.core.handle;

import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What a generated handle needs of the kernel: the mediated path's entry and exit, and a way for
 * the kernel to set the handle's direct field. The kernel implements it; the operations that
 * drive a swap stay private to the kernel.
 */
@ProviderType
public interface Gate<T> {

    /** The kind's binary name, as {@link Class#getName()} gives it ({@code Outer$Inner} for a nested kind). */
    String kind();

    /** Lets the kernel set the implementation platform threads call directly (null: mediate every call). */
    void bind(Consumer<? super T> directSetter);

    /** Enters a mediated call; returns the implementation to call. Every enter is followed by one {@link #exit()}. */
    T enter();

    /** Enters a mediated call that changes the state under {@code key} (null: under no single key). */
    T enterMutation(Object key);

    /**
     * Enters a mediated call that changes the state under each of {@code keys} (a transfer between
     * two accounts; a null key: under no single key). A kernel that tracks one key a call takes
     * the call as one that changes everything.
     *
     * @since 2.4
     */
    default T enterMutations(Object... keys) {
        return enterMutation(null);
    }

    /** Leaves a mediated call. */
    void exit();

    /**
     * The mediated call under way on this thread threw (called before its {@link #exit()}), so
     * that a kernel counting calls can count failures too. Kernels that do not count ignore it.
     */
    default void failed() {
    }

    /**
     * Waits, briefly, for the kind to stop being served by {@code failed}, whose node was lost
     * under a call that may be sent again: true if a call made now goes elsewhere (another
     * implementation, or a wait for one the kernel's settings allow), false if {@code failed}
     * still serves or nothing does. Kernels that cannot tell answer false, and the call fails.
     */
    default boolean awaitOther(T failed) {
        return false;
    }
}
