package org.mlos.fault.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A health check the swap supervisor runs while a kind is on probation after a swap: register
 * one as an OSGi service with the property {@value #KIND} naming the kind (fully qualified or
 * simple name). The implementation under watch may register one for itself (from its own bundle).
 */
@ConsumerType
@FunctionalInterface
public interface HealthCheck {

    /** Service property: the kind this check watches. */
    String KIND = "mlos.kind";

    /**
     * Why the implementation now serving the kind is not healthy, or null if it is.
     *
     * @param kind the kind's fully qualified name
     * @param impl the implementation on probation
     */
    String unhealthy(String kind, String impl);
}
