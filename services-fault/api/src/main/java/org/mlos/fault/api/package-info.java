/**
 * Fault services: the {@link org.mlos.fault.api.Journal} kind and the
 * {@link org.mlos.fault.api.Durability} policy. Implementations live in bundle
 * {@code org.mlos.fault}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.mlos.fault.api;
