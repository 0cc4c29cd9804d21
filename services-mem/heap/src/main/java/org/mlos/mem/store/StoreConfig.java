package org.mlos.mem.store;

import org.mlos.mem.api.MemProperties;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration shared by the stores (PIDs {@code org.mlos.mem.store.<impl>}). */
@ObjectClassDefinition(name = "MultiLibOS key-value store")
public @interface StoreConfig {

    /** Framework property giving every store's budget when its own configuration does not. */
    String CAPACITY_PROPERTY = MemProperties.STORE_CAPACITY_MB;
    long DEFAULT_CAPACITY_MB = MemProperties.DEFAULT_STORE_CAPACITY_MB;

    @AttributeDefinition(name = "capacity.mb", description = "Memory budget in megabytes; -1 takes the "
            + "framework property mlos.mem.store.capacity.mb, else 64.")
    long capacity_mb() default -1;
}
