package org.mlos.fault.supervise;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.mlos.fault.api.StorageRefusals;

/**
 * The {@link StorageRefusals} services registered, found by the kind and implementation their
 * properties name: how the supervisor learns what an implementation on probation refused for its
 * storage's sake. A durable store registers one, and so does each {@code Journal} implementation
 * on a {@code RecordLogJournal}, apart from its journal service (one that carries
 * {@code mlos.impl} is hidden from every bundle but the kernel's).
 */
public final class RefusalsTold implements SwapSupervisor.Refusals {

    private static final System.Logger LOG = System.getLogger(RefusalsTold.class.getName());

    /** By "kind impl", the kind as its property named it. */
    private final Map<String, StorageRefusals> told = new ConcurrentHashMap<>();

    /** Takes in {@code refusals} registered with {@code props}; false, logged, where they name no kind or implementation. */
    public boolean add(StorageRefusals refusals, Map<String, ?> props) {
        Object kind = props.get(StorageRefusals.KIND);
        Object impl = props.get(StorageRefusals.IMPL);
        if (kind == null || impl == null) {
            LOG.log(System.Logger.Level.WARNING, "storage refusals " + refusals + " lack " + StorageRefusals.KIND + " or "
                    + StorageRefusals.IMPL + ": ignored, so probation counts its refusals as failures");
            return false;
        }
        told.put(String.valueOf(kind).trim() + " " + String.valueOf(impl).trim(), refusals);
        return true;
    }

    public void remove(StorageRefusals refusals) {
        told.values().remove(refusals);
    }

    /** Those of {@code impl} of {@code kind} (fully qualified, as the kernel names it; a property may name it simply), or null. */
    @Override
    public StorageRefusals of(String kind, String impl) {
        StorageRefusals r = told.get(kind + " " + impl);
        return r != null ? r : told.get(kind.substring(kind.lastIndexOf('.') + 1) + " " + impl);
    }
}
