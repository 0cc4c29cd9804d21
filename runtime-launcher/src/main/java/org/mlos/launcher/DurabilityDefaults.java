package org.mlos.launcher;

import java.util.Map;

/**
 * {@code --set mlos.fault.durability=...} makes a node's key-value store durable: the durable
 * store (bundle {@code org.mlos.fault}) becomes the preferred implementation, in front of the
 * store the node would otherwise have used ({@code mlos.fault.store}, unless given).
 */
final class DurabilityDefaults {

    static final String DURABILITY = "mlos.fault.durability";
    static final String STORE = "mlos.fault.store";
    static final String KIND = "mlos.kind.KeyValueStore";
    static final String DURABLE = "durable";

    private DurabilityDefaults() {
    }

    static void apply(Map<String, String> props) {
        String mode = props.get(DURABILITY);
        if (mode == null || mode.isBlank()) {
            return;
        }
        String chosen = props.get(KIND);
        if (!DURABLE.equals(chosen)) {
            props.putIfAbsent(STORE, chosen == null || chosen.isBlank() ? "slab" : chosen);
            props.put(KIND, DURABLE);
        }
    }
}
