package org.mlos.net.api;

/** One accepted connection, as a protocol session sees it. */
public interface Connection {

    /** Queues bytes to send; the array belongs to the connection from now on. */
    void write(byte[] data);

    /** Queues part of an array to send (copied). */
    void write(byte[] data, int offset, int length);

    /** Sends what is queued. Writes may be batched until then. */
    void flush();

    /** Closes the connection once the queued bytes are sent. */
    void close();

    /** The peer's address, for logs. */
    String remoteAddress();
}
