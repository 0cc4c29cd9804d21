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

    /**
     * For a request a session answers off the thread that delivers this connection's events (a
     * long operator command: the other connections of that thread go on being served): stops
     * reading until {@code work} completes, then runs {@code then} on that thread, and reads again.
     * The default, for a transport that cannot, waits for {@code work} on the caller's thread.
     */
    default void await(java.util.concurrent.CompletionStage<?> work, Runnable then) {
        try {
            work.toCompletableFuture().join();
        } catch (RuntimeException failed) {
            // then() reads the outcome from work itself
        }
        then.run();
    }
}
