/**
 * Fault services: the {@link org.mlos.fault.api.Journal} kind and the
 * {@link org.mlos.fault.api.Durability} policy, and {@link org.mlos.fault.api.RecordLog}s a durable store
 * journals into. Implementations live in bundles {@code org.mlos.fault} and
 * {@code org.mlos.fault.chronicle}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.8.0")
package org.mlos.fault.api;
