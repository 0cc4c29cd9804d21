/**
 * Scheduling services: the scheduler kind. Implementations live in bundle {@code org.mlos.sched}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package org.mlos.sched.api;
