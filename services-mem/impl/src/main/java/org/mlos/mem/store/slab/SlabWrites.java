package org.mlos.mem.store.slab;

import java.lang.foreign.MemorySegment;

import org.mlos.mem.api.StoreFullException;

/**
 * The slab store's mutations down at its chunks and index slots: storing an item (in place, or in
 * a new chunk that takes the key's slot), freeing one, rewriting its expiry, freeing them all.
 * Each frees a chunk only under its class's lock, after the chunk's index slot is gone or taken
 * over, so that an eviction or a page move never races the freeing. The room is the caller's
 * ({@link SlabStore}'s, replaced whole by a resize): each call works in the one it is given.
 */
final class SlabWrites {

    private final SlabIndex index;

    SlabWrites(SlabIndex index) {
        this.index = index;
    }

    /**
     * Stores an item: in place if the key's chunk is of the class the item needs (no class lock,
     * no index write), else in a new chunk that then takes the key's index slot. Caller holds the
     * key's stripe lock.
     */
    void write(SlabRoom r, String key, byte[] value, int flags, long expiresAt, long cas, long storedAt) {
        boolean wide = Keys.wide(key);
        int keyBytes = Keys.checkedLength(key, wide);
        SlabClass c = r.classFor(Chunk.size(keyBytes, value.length));
        if (c == null) {
            throw new StoreFullException("an item of " + value.length + " value bytes and a " + keyBytes
                    + "-byte key is larger than a slab page (" + SlabPages.PAGE + " bytes less a " + Chunk.HEADER
                    + "-byte header)");
        }
        int hash = Keys.hash(key);
        ItemImage image = ItemImage.of(key, wide, keyBytes, hash, value.length, flags, expiresAt, storedAt)
                .probing(r.pages);
        int old = index.get(key, hash, image);
        if (old >= 0 && image.replaceInPlace(r, c, old, value, cas)) {
            return;
        }
        int ref = r.allocate(c);
        MemorySegment m = r.pages.memory(SlabClass.page(ref));
        long off = c.offset(SlabClass.slot(ref));
        image.writeTo(m, off, value);
        Chunk.publish(m, off, cas);
        publish(r, ref, key, hash, image);
    }

    /**
     * Puts a filled chunk in the index, freeing the key's old chunk under that chunk's class lock
     * in the same step, so an eviction or page move of the old chunk never races its freeing.
     */
    private void publish(SlabRoom r, int ref, String key, int hash, ItemImage image) {
        while (true) {
            int old = index.get(key, hash, image);
            if (old < 0) {
                index.add(hash, ref);
                r.published(ref);
                return;
            }
            SlabClass oc = r.pages.owner(SlabClass.page(old));
            if (oc == null) {
                continue;
            }
            oc.lock.lock();
            try {
                if (r.pages.owner(SlabClass.page(old)) != oc || !index.replace(hash, old, ref)) {
                    continue; // evicted, or its page moved, meanwhile: look again
                }
                r.free(oc, old); // no claim needed: others claim under this lock, and only we, holding the stripe, claim the key's chunk
            } finally {
                oc.lock.unlock();
            }
            r.published(ref);
            return;
        }
    }

    /** Frees the key's chunk; false if the key has none. Caller holds the key's stripe lock. */
    boolean discard(SlabRoom r, String key) {
        int hash = Keys.hash(key);
        while (true) {
            int old = index.get(key, hash);
            if (old < 0) {
                return false;
            }
            SlabClass oc = r.pages.owner(SlabClass.page(old));
            if (oc == null) {
                continue;
            }
            oc.lock.lock();
            try {
                if (r.pages.owner(SlabClass.page(old)) == oc && index.remove(hash, old)) {
                    r.free(oc, old);
                    return true;
                }
            } finally {
                oc.lock.unlock();
            }
        }
    }

    /**
     * Changes the expiry time in the key's chunk if it still holds the item of unique {@code cas},
     * under its class's lock so that the chunk cannot be freed meanwhile.
     */
    void updateExpiry(SlabRoom r, String key, long cas, long expiresAt) {
        int old = index.get(key, Keys.hash(key));
        if (old < 0) {
            return;
        }
        SlabClass oc = r.pages.owner(SlabClass.page(old));
        if (oc == null) {
            return;
        }
        oc.lock.lock();
        try {
            MemorySegment m = r.pages.memory(SlabClass.page(old));
            long off = oc.offset(SlabClass.slot(old));
            if (r.pages.owner(SlabClass.page(old)) == oc && SlabClass.slot(old) < oc.perPage
                    && Chunk.stamp(m, off) == cas) {
                Chunk.expiresAt(m, off, expiresAt);
            }
        } finally {
            oc.lock.unlock();
        }
    }

    /** Frees every item: class by class, each chunk that is in the index. */
    void discardAll(SlabRoom r) {
        for (SlabClass c : r.classes) {
            c.lock.lock();
            try {
                for (int i = 0; i < c.pages(); i++) {
                    int page = c.pageAt(i);
                    MemorySegment m = r.pages.memory(page);
                    for (int slot = 0; slot < c.perPage; slot++) {
                        long off = c.offset(slot);
                        int ref = SlabClass.ref(page, slot);
                        long stamp = Chunk.claimLive(m, off); // a flush runs beside writers replacing in place
                        if (stamp == 0) {
                            continue;
                        }
                        if (index.remove(Chunk.hash(m, off), ref)) {
                            r.free(c, ref);
                        } else {
                            Chunk.publish(m, off, stamp); // stored, not yet in the index
                        }
                    }
                }
            } finally {
                c.lock.unlock();
            }
        }
    }
}
