package org.mlos.core.kernel;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/** The kernel's kinds by fully qualified name, and the lookups by the names operators type. */
final class KindSlots {

    private final ConcurrentHashMap<String, KindSlot<?>> byName = new ConcurrentHashMap<>();

    /** The kind's slot if it is this very interface (a kind reinstalled by a new bundle is another). */
    @SuppressWarnings("unchecked")
    <T> KindSlot<T> of(Class<T> kind) {
        KindSlot<?> slot = byName.get(kind.getName());
        return slot != null && slot.type() == kind ? (KindSlot<T>) slot : null;
    }

    KindSlot<?> named(String name) {
        return byName.get(name);
    }

    KindSlot<?> compute(String name, BiFunction<String, KindSlot<?>, KindSlot<?>> f) {
        return byName.compute(name, f);
    }

    boolean remove(KindSlot<?> slot) {
        return byName.remove(slot.name(), slot);
    }

    Collection<KindSlot<?>> all() {
        return byName.values();
    }

    /** A kind by fully qualified name, or by simple name when that is unambiguous; null if none. */
    KindSlot<?> find(String kind) {
        KindSlot<?> exact = byName.get(kind);
        if (exact != null) {
            return exact;
        }
        List<KindSlot<?>> bySimple = byName.values().stream()
                .filter(s -> s.simpleName().equals(kind)).collect(Collectors.toList());
        if (bySimple.size() > 1) {
            throw new IllegalArgumentException("kind name " + kind + " is ambiguous: "
                    + bySimple.stream().map(KindSlot::name).sorted().collect(Collectors.joining(", "))
                    + "; use the fully qualified name");
        }
        return bySimple.isEmpty() ? null : bySimple.get(0);
    }

    List<String> names() {
        return byName.keySet().stream().sorted().collect(Collectors.toList());
    }
}
