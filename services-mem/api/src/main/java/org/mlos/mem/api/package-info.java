/**
 * Memory services: the key-value store kind (the backing store of a cache) and the off-heap
 * allocator kind. Implementations live in bundle {@code org.mlos.mem}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.11.0")
package org.mlos.mem.api;
