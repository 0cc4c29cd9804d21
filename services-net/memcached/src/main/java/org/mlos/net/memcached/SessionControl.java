package org.mlos.net.memcached;

import java.util.List;

/** What a parser may ask of the connection it serves: the narrow side of a session. */
public interface SessionControl {

    /** The next {@code n} bytes (a value too large to accept) are dropped as they arrive. */
    void swallow(long n);

    /** The rest of the current line (the caller has answered it) is dropped as it arrives. */
    void skipLine();

    /** A malformed or unknown request was answered with an error. */
    void protocolError();

    /** The figures of a {@code stats} group, or null for an unknown group. */
    List<String[]> stats(String group);

    /** {@code stats reset}. */
    void resetStats();

    /**
     * Answers the current request off the connection's event thread: runs {@code work} on a
     * thread of its own and, once it is done, sends the line it returned (nothing for null; a
     * {@code SERVER_ERROR} if it threw). As {@link #streamLater}: nothing else is read or
     * answered meanwhile, the event thread serves its other connections.
     *
     * @return what the parser returns for the request
     */
    default Commands.Step answerLater(String name, java.util.function.Supplier<String> work) {
        return streamLater(name, sink -> {
            String line = work.get();
            if (line != null) {
                sink.accept((line + "\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        });
    }

    /**
     * Answers the current request with a reply produced off the connection's event thread, sent
     * in parts as they come: {@code producer} runs on a thread of its own and hands each part to
     * the sink it is given, which waits while a few parts wait to be sent (a client that reads
     * slowly holds the producer back, not the server's memory). The connection reads and answers
     * nothing else until the producer returns, so replies keep their order; the event thread goes
     * on serving its other connections. A producer that throws ends the reply with a
     * {@code SERVER_ERROR} line. For replies that take long (a {@code cache_memlimit} evicting
     * millions of items) or are large (a key dump of a full store).
     *
     * @return what the parser returns for the request
     */
    Commands.Step streamLater(String name, java.util.function.Consumer<java.util.function.Consumer<byte[]>> producer);

    /** An authentication attempt ended ({@code auth_cmds}; a failure also {@code auth_errors}). */
    default void authentication(boolean succeeded) {
    }
}
