package org.mlos.sched.core;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration shared by the schedulers with workers (PIDs {@code org.mlos.sched.<impl>}). */
@ObjectClassDefinition(name = "MultiLibOS scheduler")
public @interface SchedConfig {

    @AttributeDefinition(description = "Worker threads; 0 or less takes one per available processor.")
    int workers() default 0;
}
