package org.mlos.core.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Makes an implementation that is not installed available when a swap names it: an instance on
 * another node ({@code <impl>@<node>}), for one. A service; the kernel asks every source, before a
 * swap to a name with an {@code @}, until one provides it.
 */
@ConsumerType
public interface ImplementationSource {

    /**
     * Registers implementation {@code impl} of the kind (an {@code mlos.impl} service) if this
     * source serves such names, before returning.
     *
     * @return true if the implementation is registered now (also when it already was)
     * @throws Exception saying why a name this source serves cannot be provided
     */
    boolean provide(String kind, String impl) throws Exception;
}
