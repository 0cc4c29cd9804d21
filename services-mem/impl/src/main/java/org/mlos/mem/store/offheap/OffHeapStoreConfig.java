package org.mlos.mem.store.offheap;

import org.mlos.mem.api.MemProperties;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The off-heap stores' configuration (PIDs {@code org.mlos.mem.store.slab|log}): the same
 * attribute as the heap stores' {@code HeapStoreConfig}, declared again here because bnd writes a
 * component's metatype only from a class in the component's own bundle.
 */
@ObjectClassDefinition(name = "MultiLibOS off-heap key-value store")
public @interface OffHeapStoreConfig {

    @AttributeDefinition(name = "capacity.mb", description = "Memory budget in megabytes; -1 takes the "
            + "framework property " + MemProperties.STORE_CAPACITY_MB + ", else " + MemProperties.DEFAULT_STORE_CAPACITY_MB + ".")
    long capacity_mb() default -1;
}
