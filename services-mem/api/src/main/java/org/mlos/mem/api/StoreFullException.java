package org.mlos.mem.api;

/**
 * An item could not be stored even after evicting: it is larger than the store can hold, or the
 * store's memory is exhausted (memcached: {@code SERVER_ERROR out of memory storing object}).
 */
public class StoreFullException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreFullException(String message) {
        super(message);
    }
}
