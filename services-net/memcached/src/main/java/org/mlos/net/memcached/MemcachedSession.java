package org.mlos.net.memcached;

import java.nio.ByteBuffer;
import java.util.List;

import org.mlos.net.api.Connection;
import org.mlos.net.api.ProtocolSession;
import org.mlos.net.memcached.binary.BinaryCommands;
import org.mlos.net.memcached.admin.OperatorCommands;
import org.mlos.net.memcached.meta.MetaCommands;
import org.mlos.net.memcached.text.TextCommands;

/**
 * One client connection. Its first byte decides the protocol (0x80: binary, anything else: text),
 * as memcached does. Requests are parsed as bytes arrive and answered in one write per batch;
 * the buffered input never holds more than one request, and a request too large to accept is
 * skipped without being buffered.
 */
public final class MemcachedSession implements ProtocolSession {

    /** What a protocol parser did with the buffered bytes. */
    public enum Step {
        /** One request handled: look for the next. */
        DONE,
        /** The next request is incomplete: wait for more bytes. */
        MORE,
        /** The client asked to quit, or sent something the connection cannot go on after. */
        CLOSE
    }

    /** What a protocol parser implements. */
    public interface Commands {
        Step next(InputBuffer in, Output out);

        /** True while a request is half answered and needs no more input to go on. */
        default boolean busy() {
            return false;
        }
    }

    private final Connection connection;
    private final MemcachedProtocol protocol;
    private final InputBuffer in = new InputBuffer();
    private final Output out = new Output();
    private final long id;
    private Commands commands;
    private long swallow;
    private boolean skipLine;
    private boolean closing;
    private boolean paused;

    MemcachedSession(Connection connection, MemcachedProtocol protocol, long id) {
        this.connection = connection;
        this.protocol = protocol;
        this.id = id;
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
        in.append(data);
        if (!paused) {
            process();
        }
    }

    @Override
    public void writable() {
        if (paused && !closing) {
            paused = false;
            process();
        }
    }

    /**
     * Answers the buffered requests. Replies go out in batches of at most {@link Limits#OUTPUT_BATCH}
     * bytes; when the connection holds all it will, the session pauses (the connection stops
     * reading too) until it drains: a client that sends many requests and reads no replies gets
     * no more than that much memory on the server.
     */
    private void process() {
        Step step = Step.DONE;
        while (step == Step.DONE && (busy() || drainSkips() && in.available() > 0)) {
            if (commands == null) {
                commands = (in.at(0) & 0xff) == 0x80 ? new BinaryCommands(this, protocol.operations())
                        : textCommands();
            }
            step = commands.next(in, out);
            if (out.size() >= Limits.OUTPUT_BATCH) {
                send();
                if (!connection.writable()) {
                    paused = step != Step.CLOSE;
                    break;
                }
            }
        }
        send();
        if (step == Step.CLOSE) {
            closing = true;
            connection.close();
        }
    }

    /** The text protocol with memcached 1.6's meta and operator commands on the same connection. */
    private Commands textCommands() {
        Operations ops = protocol.operations();
        Commands meta = new MetaCommands(new TextCommands(this, ops), this, ops, protocol.marks());
        return new OperatorCommands(meta, this, ops, protocol::operator);
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

    /** The next {@code n} bytes (a value too large to accept) are dropped as they arrive. */
    public void swallow(long n) {
        swallow = n;
        protocol.stats().protocolErrors.increment();
    }

    /** The rest of the current line (the caller has answered it) is dropped as it arrives. */
    public void skipLine() {
        skipLine = true;
    }

    /** A malformed or unknown request was answered with an error. */
    public void protocolError() {
        protocol.stats().protocolErrors.increment();
    }

    /** The figures of a {@code stats} group, or null for an unknown group. */
    public List<String[]> stats(String group) {
        return protocol.report(group);
    }

    /** {@code stats reset}. */
    public void resetStats() {
        protocol.stats().reset();
    }

    @Override
    public void closed() {
        closing = true;
        in.release();
        protocol.closed(this);
    }
}
