package org.mlos.net.api;

import java.nio.ByteBuffer;

/**
 * One connection's protocol state. Every call comes from the connection's own thread, in order.
 */
public interface ProtocolSession {

    /**
     * Bytes arrived. The buffer is valid only during the call; a session keeps what it needs by
     * copying. A session must not block.
     */
    void received(ByteBuffer data);

    /** The connection drained after {@link Connection#writable()} said false: go on producing. */
    default void writable() {
    }

    /** The connection is closed (by either side). */
    void closed();
}
