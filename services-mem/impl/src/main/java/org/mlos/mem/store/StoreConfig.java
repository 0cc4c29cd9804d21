package org.mlos.mem.store;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration shared by the stores (PIDs {@code org.mlos.mem.store.<impl>}). */
@ObjectClassDefinition(name = "MultiLibOS key-value store")
public @interface StoreConfig {

    /** Framework property giving every store's budget when its own configuration does not. */
    String CAPACITY_PROPERTY = "mlos.mem.store.capacity.mb";
    long DEFAULT_CAPACITY_MB = 64;

    @AttributeDefinition(name = "capacity.mb", description = "Memory budget in megabytes; -1 takes the "
            + "framework property mlos.mem.store.capacity.mb, else 64.")
    long capacity_mb() default -1;
}
