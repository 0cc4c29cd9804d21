package org.mlos.mem.store.heap;

import org.mlos.mem.api.MemProperties;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The heap stores' configuration (PIDs {@code org.mlos.mem.store.heap|lru}). The off-heap stores
 * declare the same attribute in their own bundle ({@code OffHeapStoreConfig}): bnd writes a
 * component's metatype only from a class in the component's own bundle.
 */
@ObjectClassDefinition(name = "MultiLibOS key-value store")
public @interface HeapStoreConfig {

    @AttributeDefinition(name = "capacity.mb", description = "Memory budget in megabytes; -1 takes the "
            + "framework property " + MemProperties.STORE_CAPACITY_MB + ", else " + MemProperties.DEFAULT_STORE_CAPACITY_MB
            + ".")
    long capacity_mb() default -1;
}
