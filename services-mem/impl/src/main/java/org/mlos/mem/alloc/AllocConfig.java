package org.mlos.mem.alloc;

import org.mlos.mem.api.MemProperties;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration shared by the allocators (PIDs {@code org.mlos.mem.alloc.<impl>}). */
@ObjectClassDefinition(name = "MultiLibOS off-heap allocator")
public @interface AllocConfig {

    /** Framework property giving every allocator's budget when its own configuration does not. */
    String CAPACITY_PROPERTY = MemProperties.ALLOC_CAPACITY_MB;
    long DEFAULT_CAPACITY_MB = MemProperties.DEFAULT_ALLOC_CAPACITY_MB;

    @AttributeDefinition(name = "capacity.mb", description = "Most memory the allocator takes from the system, "
            + "in megabytes; -1 takes the framework property mlos.mem.alloc.capacity.mb, else 256.")
    long capacity_mb() default -1;
}
