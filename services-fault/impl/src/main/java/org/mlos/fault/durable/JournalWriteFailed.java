package org.mlos.fault.durable;

/**
 * A write the durable store could not journal, and therefore does not serve. The memcached
 * server answers it as it answers any store failure ({@code SERVER_ERROR}).
 */
public final class JournalWriteFailed extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    JournalWriteFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
