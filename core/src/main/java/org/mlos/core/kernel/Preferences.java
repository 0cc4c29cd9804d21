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

    /** The framework property {@code mlos.kind.<kind>.standin}, read as the kind's default implementation is. */
    static final String STANDIN_PREFIX = org.mlos.core.api.Kernel.DEFAULT_IMPL_PREFIX;
    static final String STANDIN_SUFFIX = org.mlos.core.api.Kernel.STANDIN_SUFFIX;

    /**
     * Whether another implementation may serve the kind until its preferred one arrives (the
     * default), or the kind serves nothing before it ({@code mlos.kind.<kind>.standin=false}): a
     * durable store's node must not acknowledge writes in a memory store that served its boot,
     * which a durable store that never came left it doing until the node gave up, and a journal
     * kept on disk must not take the records of one that served before it in place of its own.
     */
    boolean standinAllowed(KindSlot<?> slot) {
        if (preferred(slot) == null) {
            return true;
        }
        String v = settings.defaultImpl().apply(slot.name() + STANDIN_SUFFIX);
        if (v == null) {
            v = settings.defaultImpl().apply(slot.simpleName() + STANDIN_SUFFIX);
        }
        return v == null || !v.trim().equalsIgnoreCase("false");
    }

    /** Sets how long callers wait for an implementation and whether calls are counted. Under the kind's lock. */
    void applyToGate(KindSlot<?> slot) {
        KindPreference p = of(slot);
        slot.gate().waitForImplementation(waitMillis(slot));
        slot.gate().counting(p != null && p.countCalls() != null ? p.countCalls() : settings.countCalls());
    }

    /** How long callers of the kind wait for an implementation when none serves. */
    long waitMillis(KindSlot<?> slot) {
        KindPreference p = of(slot);
        return p != null && p.waitMillis() >= 0 ? p.waitMillis() : settings.waitMillis();
    }

    private KindPreference of(KindSlot<?> slot) {
        KindPreference p = configured.get(slot.name());
        return p != null ? p : configured.get(slot.simpleName());
    }
}
