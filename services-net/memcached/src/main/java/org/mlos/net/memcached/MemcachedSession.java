package org.mlos.net.memcached;

import java.nio.ByteBuffer;
import java.util.List;

import org.mlos.net.api.Connection;
import org.mlos.net.api.ProtocolSession;

/**
 * One client connection. Its first byte decides the protocol (0x80: binary, anything else: text),
 * as memcached does. Requests are parsed as bytes arrive and answered in one write per batch;
 * the buffered input never holds more than one request, and a request too large to accept is
 * skipped without being buffered.
 */
public final class MemcachedSession implements ProtocolSession, SessionControl {

    private final Connection connection;
    private final MemcachedProtocol protocol;
    private final InputBuffer in = new InputBuffer();
    private final Output out = new Output();
    private final long id;
    private Commands commands;
    private long swallow;
    private boolean skipLine;
    private boolean closing;
    /** Whether the request being read was logged at verbosity 2 (it may take several reads to arrive). */
    private boolean requestLogged;
    private volatile boolean paused;
    /** A reply being made off the event thread ({@link #streamLater}): nothing else is answered meanwhile. */
    private ReplyStream stream;
    private static final java.util.concurrent.CompletableFuture<Void> DONE = java.util.concurrent.CompletableFuture.completedFuture(null);
    private boolean pumping;
    private boolean repump;
    /** When the client last sent bytes ({@code stats conns}' secs_since_last_cmd); read by other threads. */
    private volatile long lastReceivedMillis = System.currentTimeMillis();

    MemcachedSession(Connection connection, MemcachedProtocol protocol, long id) {
        this.connection = connection;
        this.protocol = protocol;
        this.id = id;
        VerboseLog.connection(protocol.operations(), id, connection.remoteAddress(), true);
    }

    long lastReceivedMillis() {
        return lastReceivedMillis;
    }

    /**
     * memcached's name for what the connection does, as {@code stats conns} shows it: waiting for
     * its client to read replies, dropping a value too large to keep, reading a value a storage
     * command announced, or waiting for requests (the one asking is parsing its command).
     */
    String state() {
        if (paused) {
            return "conn_mwrite";
        }
        if (swallow > 0) {
            return "conn_swallow";
        }
        Commands c = commands;
        return c != null && c.readingValue() ? "conn_nread" : "conn_read";
    }

    long id() {
        return id;
    }

    /** The bytes this connection's input holds room for: what a client's declared sizes must not inflate. */
    int inputCapacity() {
        return in.capacity();
    }

    long inputAllocated() {
        return in.allocated();
    }

    String remoteAddress() {
        return connection.remoteAddress();
    }

    @Override
    public void received(ByteBuffer data) {
        if (closing) {
            return;
        }
        protocol.stats().bytesRead.add(data.remaining());
        lastReceivedMillis = System.currentTimeMillis();
        in.append(data);
        if (!paused && stream == null) {
            process();
        }
    }

    @Override
    public void writable() {
        if (paused && !closing) {
            pause(false);
            if (stream != null) {
                pump();
            } else {
                process();
            }
        }
    }

    /**
     * Answers the buffered requests. Replies go out in batches of at most {@link Limits#OUTPUT_BATCH}
     * bytes; when the connection holds all it will, the session pauses (the connection stops
     * reading too) until it drains: a client that sends many requests and reads no replies gets
     * no more than that much memory on the server.
     */
    private void process() {
        Commands.Step step = Commands.Step.DONE;
        while (step == Commands.Step.DONE && stream == null && (busy() || drainSkips() && in.available() > 0)) {
            if (commands == null) {
                Dialects dialects = protocol.dialects();
                commands = (in.at(0) & 0xff) == 0x80 ? dialects.binary(this, protocol.operations())
                        : dialects.text(this, protocol.operations());
            }
            if (protocol.operations().verbosity() >= 2 && !requestLogged && !commands.busy()) { // the level first: 0 costs one read
                requestLogged = VerboseLog.request(protocol.operations(), id, in);
            }
            step = commands.next(in, out);
            if (step != Commands.Step.MORE) {
                requestLogged = false; // answered: the next bytes are another request
            }
            if (out.size() >= Limits.OUTPUT_BATCH) {
                send();
                if (!connection.writable()) {
                    pause(step != Commands.Step.CLOSE);
                    break;
                }
            }
        }
        send();
        if (step == Commands.Step.CLOSE) {
            closing = true;
            connection.close();
        } else if (stream != null && !paused) {
            pump();
        }
    }

    /** Counts this connection in the server's backlog while it waits with requests read and unanswered. */
    private void pause(boolean now) {
        if (now != paused) {
            paused = now;
            protocol.stats().waiting(now);
        }
    }

    private void send() {
        if (out.size() > 0) {
            protocol.stats().bytesWritten.add(out.size());
            out.drainTo(connection);
            connection.flush();
        }
    }

    private boolean busy() {
        return commands != null && commands.busy();
    }

    /** Drops bytes being swallowed or a line being skipped; true when nothing is left to drop. */
    private boolean drainSkips() {
        if (swallow > 0) {
            swallow -= in.skip(swallow);
            if (swallow > 0) {
                return false;
            }
        }
        if (skipLine) {
            int nl = in.indexOf((byte) '\n', in.available());
            if (nl < 0) {
                in.skip(in.available());
                return false;
            }
            in.consume(nl + 1);
            skipLine = false;
        }
        return true;
    }

    @Override
    public Commands.Step streamLater(String name, java.util.function.Consumer<java.util.function.Consumer<byte[]>> producer) {
        stream = new ReplyStream(name, producer);
        return Commands.Step.DONE; // process() stops at a stream and pumps it
    }

    /** Moves the stream's parts to the connection while it takes them; on the event thread. */
    private void pump() {
        if (pumping) {
            repump = true; // a transport that waits on the caller's thread calls back from inside
            return;
        }
        pumping = true;
        try {
            do {
                repump = false;
                pumpOnce();
            } while (repump);
        } finally {
            pumping = false;
        }
    }

    private void pumpOnce() {
        ReplyStream s = stream;
        if (s == null || closing) {
            return;
        }
        for (byte[] part; (part = s.poll()) != null;) {
            out.bytes(part);
            if (out.size() >= Limits.OUTPUT_BATCH) {
                send();
                if (!connection.writable()) {
                    pause(true); // writable() pumps again
                } else {
                    connection.await(DONE, this::pump); // a batch a turn: the loop's other connections go first
                }
                return;
            }
        }
        if (s.finished()) {
            stream = null;
            Throwable failed = s.failure();
            if (failed != null) {
                System.getLogger(MemcachedSession.class.getName()).log(System.Logger.Level.ERROR,
                        "a reply made off the event thread failed", failed);
                out.line("SERVER_ERROR " + failed);
            }
            send(); // its end goes out before the next request is read: "cannot pipeline before metadump" looks at what is unsent
            process(); // the requests that arrived meanwhile
            return;
        }
        send();
        connection.await(s.next(), this::pump);
    }

    /** The next {@code n} bytes (a value too large to accept) are dropped as they arrive. */
    @Override
    public void swallow(long n) {
        swallow = n;
        protocol.stats().protocolErrors.increment();
    }

    /** The rest of the current line (the caller has answered it) is dropped as it arrives. */
    @Override
    public void skipLine() {
        skipLine = true;
    }

    /** A malformed or unknown request was answered with an error. */
    @Override
    public void protocolError() {
        protocol.stats().protocolErrors.increment();
        VerboseLog.error(protocol.operations(), id);
    }

    /** The figures of a {@code stats} group, or null for an unknown group. */
    @Override
    public List<String[]> stats(String group) {
        return protocol.report(group, this);
    }

    /** {@code stats reset}. */
    @Override
    public void resetStats() {
        protocol.resetStats();
    }

    @Override
    public void authentication(boolean succeeded) {
        protocol.stats().authentication(succeeded);
    }

    @Override
    public void closed() {
        closing = true;
        if (stream != null) {
            stream.abandon();
        }
        pause(false);
        in.release();
        protocol.closed(this);
        VerboseLog.connection(protocol.operations(), id, connection.remoteAddress(), false);
    }
}
