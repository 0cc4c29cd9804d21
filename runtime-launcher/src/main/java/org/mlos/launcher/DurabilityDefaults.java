package org.mlos.launcher;

import java.util.List;
import java.util.Locale;
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

    /**
     * Refuses a mode the durable store would refuse, before the boot: there its refusal came out as
     * "Service factory returned null" of another bundle, the journal's component failing first.
     * The durable store's own rule ({@code Durability.parse}, which the launcher cannot load;
     * {@code DurabilityDefaultsTest} holds the two to the same modes).
     */
    static void check(Map<String, String> props) {
        String mode = props.get(DURABILITY);
        if (mode != null && !mode.isBlank() && !MODES.contains(mode.trim().toLowerCase(Locale.ROOT))) {
            throw new NodeOptions.UsageException(DURABILITY + " must be none, batch or sync, got '" + mode + "'");
        }
    }

    static final List<String> MODES = List.of("none", "batch", "sync");

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
