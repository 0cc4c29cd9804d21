package org.mlos.mem.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * What a read without a copy ({@link KeyValueStore#read}) does with the item it finds: it is given
 * the value where it lies (the store's own array, or a scratch array of the reading thread), so
 * that a server writes it out without first allocating a copy for itself.
 *
 * @since 1.5
 */
@ConsumerType
@FunctionalInterface
public interface ValueReader {

    /**
     * The item's value is {@code bytes[offset, offset + length)}. The bytes are valid only during
     * this call: neither modify them nor keep a reference to the array. Called at most once per
     * read, on the reading thread, possibly while the store holds a lock of its own: do not call
     * the store from here.
     */
    void read(byte[] bytes, int offset, int length, int flags, long cas);
}
