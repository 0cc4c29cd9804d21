package org.mlos.core.kernel;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each kind prefers: its configuration (by fully qualified or simple name) over the profile
 * default, for the implementation that should serve and for how its gate behaves.
 */
final class Preferences {

    private final Map<String, KindPreference> configured = new ConcurrentHashMap<>();
    private final KernelSettings settings;

    Preferences(KernelSettings settings) {
        this.settings = settings;
    }

    void configure(String kind, KindPreference preference) {
        configured.put(kind, preference);
    }

    void unconfigure(String kind) {
        configured.remove(kind);
    }

    /** The implementation the kind should run: configured, else the profile default, else none. */
    String preferred(KindSlot<?> slot) {
        KindPreference p = of(slot);
        if (p != null && p.impl() != null) {
            return p.impl();
        }
        String d = settings.defaultImpl().apply(slot.name());
        return d != null ? d : settings.defaultImpl().apply(slot.simpleName());
    }

    /** Sets how long callers wait for an implementation and whether calls are counted. Under the kind's lock. */
    void applyToGate(KindSlot<?> slot) {
        KindPreference p = of(slot);
        slot.gate().waitForImplementation(p != null && p.waitMillis() >= 0 ? p.waitMillis() : settings.waitMillis());
        slot.gate().counting(p != null && p.countCalls() != null ? p.countCalls() : settings.countCalls());
    }

    private KindPreference of(KindSlot<?> slot) {
        KindPreference p = configured.get(slot.name());
        return p != null ? p : configured.get(slot.simpleName());
    }
}
