package org.mlos.core.kernel;

import java.util.function.Supplier;

/**
 * One installed implementation of a kind. The object is fetched on first need, so an
 * implementation that never becomes active is never activated (its component stays delayed).
 * Accessed under the kind's lock.
 */
final class Candidate<T> {

    private final String name;
    private final Object token;
    private final int ranking;
    private final long order;
    private final Supplier<? extends T> source;
    private T impl;

    /**
     * @param name    its {@code mlos.impl} name
     * @param token   what identifies it on removal (the service reference, or the object itself)
     * @param ranking higher wins when the kernel picks a replacement on its own
     * @param order   registration order, the tie-breaker (earlier wins)
     */
    Candidate(String name, Object token, int ranking, long order, Supplier<? extends T> source) {
        this.name = name;
        this.token = token;
        this.ranking = ranking;
        this.order = order;
        this.source = source;
    }

    String name() {
        return name;
    }

    Object token() {
        return token;
    }

    int ranking() {
        return ranking;
    }

    long order() {
        return order;
    }

    /** The object if it has been fetched, else null; never fetches it (its service may be gone). */
    T fetched() {
        return impl;
    }

    T impl() {
        T t = impl;
        if (t == null) {
            t = source.get();
            if (t == null) {
                throw new IllegalStateException("implementation " + name + " is no longer available");
            }
            impl = t;
        }
        return t;
    }
}
