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

    /**
     * As {@link #unhealthy(String, String)}, told whether what served before the swap is a fair
     * measure of the new implementation's speed. It is not when the swap changed where the kind
     * runs: to or from an implementation on another node ({@code impl@node}) or one that says it
     * runs elsewhere ({@code mlos.where}, the cluster's store), or the implementation
     * a node is configured for replacing the stand-in that served until it arrived (a cluster store
     * replacing the heap map that served until the node joined). A check that compares speed with
     * before the swap then judges failures only; the default asks {@link #unhealthy(String, String)}.
     *
     * @param speedComparable false when the swap changed where the kind runs
     */
    default String unhealthy(String kind, String impl, boolean speedComparable) {
        return unhealthy(kind, impl);
    }
}
