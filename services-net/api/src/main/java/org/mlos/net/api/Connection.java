package org.mlos.net.api;

/** One accepted connection, as a protocol session sees it. */
public interface Connection {

    /** Queues bytes to send; the array belongs to the connection from now on. */
    void write(byte[] data);

    /** Queues part of an array to send (copied). */
    void write(byte[] data, int offset, int length);

    /** Sends what is queued. Writes may be batched until then. */
    void flush();

    /**
     * False while more is queued than the transport will hold: the session should stop producing
     * output (and stop reading) until {@link ProtocolSession#writable()} is called. The
     * connection reads no more bytes meanwhile, so the session's input stays bounded too.
     */
    boolean writable();

    /** Closes the connection once the queued bytes are sent. */
    void close();

    /** The peer's address, for logs. */
    String remoteAddress();
}
