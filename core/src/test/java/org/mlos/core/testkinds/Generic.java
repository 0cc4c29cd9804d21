package org.mlos.core.testkinds;

import java.io.IOException;
import java.util.List;
import java.util.function.Function;

import org.mlos.core.api.Kind;

/** Exercises the processor: type parameters, bounds, varargs, checked exceptions, defaults. */
@Kind(stateless = true)
public interface Generic<K extends Comparable<K>, V> {

    V lookup(K key) throws IOException;

    <R> List<R> map(Function<? super V, ? extends R> f, K... keys);

    void touch(int[] values, long n);

    default String describe() {
        return "generic";
    }

    int size();

    boolean enter();
}
