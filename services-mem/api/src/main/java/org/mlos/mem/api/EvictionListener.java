package org.mlos.mem.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told of each item a {@link KeyValueStore} evicts to make room: not of items deleted, replaced,
 * expired or flushed, which callers asked for or can work out from the time. A durable store
 * journals an eviction as a removal, so that an evicted item does not come back after a restart.
 *
 * @since 1.3
 */
@ConsumerType
@FunctionalInterface
public interface EvictionListener {

    /**
     * The item of {@code key} was evicted. Called on the thread that evicted, possibly while it
     * holds the store's locks: return quickly, do not call the store, do not throw (what is
     * thrown is logged and dropped, the eviction stands).
     */
    void evicted(String key);
}
