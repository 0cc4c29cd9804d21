package org.mlos.fault.chronicle;

import java.util.function.Supplier;

/**
 * Runs Chronicle's set-up with the thread context class loader set to this bundle's, where
 * Chronicle and the libraries it embeds live: Chronicle looks classes and services up through it
 * and falls back to slower reflective paths (or fails) with a framework thread's loader.
 */
final class ChronicleContext {

    private ChronicleContext() {
    }

    static <T> T call(Supplier<T> action) {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(ChronicleContext.class.getClassLoader());
        try {
            return action.get();
        } finally {
            t.setContextClassLoader(before);
        }
    }
}
