package org.mlos.core.api;

import java.util.List;

/**
 * What the kernel knows of one kind.
 *
 * @param kind        fully qualified interface name
 * @param active      the active implementation's name, or {@code null} when none is installed
 * @param candidates  every installed implementation's name, the active one included, sorted
 * @param callsServed calls counted through the handle, or -1 when call counting is off for the
 *                    kind (the default: counting costs an atomic update per call)
 * @param swaps       swaps attempted on this kind since the kernel started
 * @param stateless   whether the kind was declared stateless
 * @param live        whether the kind can be swapped live (it marks its mutating methods)
 */
public record KindInfo(String kind, String active, List<String> candidates, long callsServed,
        int swaps, boolean stateless, boolean live) {

    public KindInfo {
        candidates = List.copyOf(candidates);
    }

    /** The kind's simple interface name. */
    public String simpleName() {
        return kind.substring(Math.max(kind.lastIndexOf('.'), kind.lastIndexOf('$')) + 1);
    }
}
