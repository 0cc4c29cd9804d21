package org.mlos.core.kernel;

import java.util.Map;
import java.util.TreeMap;

import org.mlos.core.state.Transferable;

/**
 * Which object holds each kind's state, kept over a restart of the kernel to tell whether the
 * same object serves after it: a delayed component disposed of while the kernel was away comes
 * back as a new object, its state gone, and nothing else would say so.
 */
public final class StateHolders {

    private StateHolders() {
    }

    /** The implementation serving a kind and the identity of its object. */
    public record Served(String impl, int identity) {
    }

    /** For each kind served by an implementation that holds state ({@link Transferable}): which, and its object's identity, read together. */
    static Map<String, Served> of(KindSlots slots) {
        Map<String, Served> holders = new TreeMap<>();
        for (KindSlot<?> slot : slots.all()) {
            Candidate<?> active = slot.active();
            // not fetched here: the kernel stops, and its service may be gone (a node failing at boot)
            Object impl = active == null ? null : active.fetched();
            if (impl instanceof Transferable) {
                holders.put(slot.name(), new Served(active.name(), System.identityHashCode(impl)));
            }
        }
        return holders;
    }

    /**
     * The kinds served now by the implementation that served them before ({@code before}) but by
     * another object: kind name to implementation. Identities may collide (2^-32 a kind): then
     * nothing is said.
     */
    static Map<String, String> servedByANewObject(KindSlots slots, Map<String, Served> before) {
        Map<String, String> renewed = new TreeMap<>();
        before.forEach((kind, then) -> {
            KindSlot<?> slot = slots.find(kind);
            Candidate<?> active = slot == null ? null : slot.active();
            Object now = active == null ? null : active.fetched();
            if (now != null && active.name().equals(then.impl()) && System.identityHashCode(now) != then.identity()) {
                renewed.put(kind, active.name());
            }
        });
        return renewed;
    }
}
