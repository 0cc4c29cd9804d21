package org.mlos.core.kernel;

import org.mlos.core.api.SwapReport;

/**
 * A kind's configuration applied as it changes: its preferred implementation (swapped to now if
 * installed), how long its callers wait when none serves, and call counting.
 */
final class KindConfigurations {

    private static final System.Logger LOG = System.getLogger(SwapKernel.class.getName());
    private static final String TRIGGER = "configuration";

    private final KindSlots slots;
    private final Preferences preferences;
    private final SwapRunner swaps;

    KindConfigurations(KindSlots slots, Preferences preferences, SwapRunner swaps) {
        this.slots = slots;
        this.preferences = preferences;
        this.swaps = swaps;
    }

    SwapReport configure(String kind, KindPreference preference) {
        preferences.configure(kind, preference);
        KindSlot<?> slot = slots.find(kind);
        if (slot == null) {
            // as for an implementation not installed: its bundle may come later, but a typo would never be told
            LOG.log(System.Logger.Level.WARNING, "a configuration names kind " + kind + ", which is not installed (kinds: "
                    + slots.names() + "): it applies once a kind of that name arrives");
            return null;
        }
        return apply(slot);
    }

    void unconfigure(String kind) {
        preferences.unconfigure(kind);
        KindSlot<?> slot = slots.find(kind);
        if (slot != null) {
            // Under the kind's lock: a configuration change waits for a swap under way.
            slot.lock().lock();
            try {
                preferences.applyToGate(slot);
            } finally {
                slot.lock().unlock();
            }
        }
    }

    private <T> SwapReport apply(KindSlot<T> slot) {
        slot.lock().lock();
        try {
            preferences.applyToGate(slot);
            String preferred = preferences.preferred(slot);
            Candidate<T> active = slot.active();
            Candidate<T> target = preferred == null ? null : slot.candidate(preferred);
            if (target == null && preferred != null && !preferred.contains("@")) {
                // not an error (its bundle may come later; impl@node when its binding is made), but a
                // typo would otherwise never be told
                LOG.log(System.Logger.Level.WARNING, "kind " + slot.name() + " is configured for implementation " + preferred
                        + ", which is not installed (installed: " + slot.candidateNames() + "): it serves once one of that"
                        + " name arrives");
            }
            if (target == null || target == active) {
                return null;
            }
            if (active == null) {
                slot.activate(target);
                return null;
            }
            return swaps.run(slot, active, target, TRIGGER, false, null);
        } finally {
            slot.lock().unlock();
        }
    }
}
