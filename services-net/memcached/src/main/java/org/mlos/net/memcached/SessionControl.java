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
     * {@code SERVER_ERROR} if it threw). The connection reads and answers nothing else meanwhile,
     * so replies keep their order; the event thread goes on serving its other connections (a
     * {@code cache_memlimit} that evicts millions of items took seconds).
     *
     * @return what the parser returns for the request
     */
    Commands.Step answerLater(String name, java.util.function.Supplier<String> work);

    /** An authentication attempt ended ({@code auth_cmds}; a failure also {@code auth_errors}). */
    default void authentication(boolean succeeded) {
    }
}
