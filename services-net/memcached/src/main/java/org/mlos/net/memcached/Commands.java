package org.mlos.net.memcached;

/**
 * What a protocol dialect's parser implements: it reads requests from a connection's buffered
 * input and writes their replies. A dialect is a package of its own (text, binary, meta, admin);
 * the session knows none of them, only this.
 */
public interface Commands {

    /** What a parser did with the buffered bytes. */
    enum Step {
        /** One request handled: look for the next. */
        DONE,
        /** The next request is incomplete: wait for more bytes. */
        MORE,
        /** The client asked to quit, or sent something the connection cannot go on after. */
        CLOSE
    }

    Step next(InputBuffer in, Output out);

    /** True while a request is half answered and needs no more input to go on. */
    default boolean busy() {
        return false;
    }

    /**
     * True while a request's line is read and the value it announced still arrives (memcached's
     * {@code conn_nread} in {@code stats conns}); read from another connection's thread, so an
     * answer a moment old.
     */
    default boolean readingValue() {
        return false;
    }
}
