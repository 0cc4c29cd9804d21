package org.mlos.core.remote;

import java.lang.reflect.Constructor;

/**
 * Finds a kind's generated stub and dispatcher. One reflective constructor lookup when a
 * binding is made; calls themselves run through generated code only.
 */
public final class RemoteKinds {

    public static final String STUB_SUFFIX = "$MlosStub";
    public static final String DISPATCHER_SUFFIX = "$MlosDispatcher";

    private RemoteKinds() {
    }

    /** Whether the kind was compiled with {@code @Kind(remote = true)}. */
    public static boolean remoteCapable(Class<?> kind) {
        try {
            Class.forName(kind.getName() + STUB_SUFFIX, false, kind.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** A stub of the kind that calls through the invoker. */
    public static <T> T stub(Class<T> kind, RemoteInvoker invoker) {
        try {
            Constructor<?> c = generated(kind, STUB_SUFFIX).getConstructor(RemoteInvoker.class);
            return kind.cast(c.newInstance(invoker));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create the remote stub of kind " + kind.getName() + ": " + e, e);
        }
    }

    /** A dispatcher of calls to the target. */
    public static <T> RemoteDispatcher dispatcher(Class<T> kind, T target) {
        try {
            Constructor<?> c = generated(kind, DISPATCHER_SUFFIX).getConstructor(kind);
            return (RemoteDispatcher) c.newInstance(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create the remote dispatcher of kind " + kind.getName() + ": " + e, e);
        }
    }

    private static Class<?> generated(Class<?> kind, String suffix) {
        try {
            return Class.forName(kind.getName() + suffix, true, kind.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("kind " + kind.getName() + " is not remote-capable: declare it"
                    + " @Kind(remote = true) and compile it with the kind processor", e);
        }
    }
}
