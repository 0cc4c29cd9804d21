package org.mlos.core.processor;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A kind's generated handle over a gate that serves one implementation, created as the kernel
 * creates it (KindSlot: the class named {@code kind.getName() + "$MlosHandle"}, constructed with
 * the gate). Calls take the mediated path, counted in {@link #entered}, until {@link #goDirect()}.
 */
final class ServedHandle {

    final Object handle;
    final AtomicInteger entered = new AtomicInteger();
    private final Object impl;
    private Consumer<Object> directSetter;

    ServedHandle(Class<?> kind, Object impl) throws Exception {
        this.impl = impl;
        ClassLoader loader = kind.getClassLoader();
        Class<?> gateType = loader.loadClass("org.mlos.core.handle.Gate");
        Object gate = Proxy.newProxyInstance(loader, new Class<?>[] {gateType}, new GateCalls(kind.getName()));
        Class<?> handleType = Class.forName(kind.getName() + "$MlosHandle", true, loader);
        this.handle = handleType.getConstructor(gateType).newInstance(gate);
    }

    /** An implementation of the kind whose every call {@code answer} answers. */
    static Object impl(Class<?> kind, InvocationHandler answer) {
        return Proxy.newProxyInstance(kind.getClassLoader(), new Class<?>[] {kind}, answer);
    }

    /** Sets the handle's direct path to the implementation, as the kernel does when no swap is under way. */
    void goDirect() {
        directSetter.accept(impl);
    }

    Object call(String method, Object... args) throws Exception {
        for (Method m : handle.getClass().getMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == args.length) {
                return m.invoke(handle, args);
            }
        }
        throw new NoSuchMethodException(method);
    }

    private final class GateCalls implements InvocationHandler {

        private final String kind;

        GateCalls(String kind) {
            this.kind = kind;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Object invoke(Object proxy, Method m, Object[] args) {
            switch (m.getName()) {
                case "kind":
                    return kind;
                case "bind":
                    directSetter = (Consumer<Object>) args[0];
                    return null;
                case "enter":
                case "enterMutation":
                    entered.incrementAndGet();
                    return impl;
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                case "toString":
                    return "gate of " + kind;
                default: // exit, failed
                    return null;
            }
        }
    }
}
