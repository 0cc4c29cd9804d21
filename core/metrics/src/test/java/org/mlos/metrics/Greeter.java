package org.mlos.metrics;

import org.mlos.core.api.Kind;

/** A kind for the tests: stateless, so swapping it moves nothing. */
@Kind(stateless = true)
public interface Greeter {
    String hello();
}
