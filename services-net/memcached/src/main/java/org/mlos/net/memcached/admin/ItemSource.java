package org.mlos.net.memcached.admin;

import java.util.function.Consumer;

import org.mlos.mem.api.StoreEntry;

/**
 * The items a key dump lists ({@code stats cachedump}, {@code lru_crawler metadump}). The
 * {@code KeyValueStore} kind offers no way to list its items, so a server is given one of these
 * where its embedder can list them; without one the dumps list nothing, as memcached's do for an
 * empty cache.
 */
@FunctionalInterface
public interface ItemSource {

    ItemSource NONE = each -> {
    };

    /** Passes each item held now (weakly consistent: items may come and go meanwhile). */
    void forEach(Consumer<StoreEntry> each);
}
