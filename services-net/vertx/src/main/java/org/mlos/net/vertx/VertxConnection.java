package org.mlos.net.vertx;

import org.mlos.net.api.Connection;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

/**
 * A connection on a Vert.x socket. Writes collect in one buffer and go out in one socket write
 * on {@link #flush()}, so a batch of pipelined requests costs one system call. When the socket's
 * write queue is full the connection stops reading until it drains: a client that does not read
 * its replies cannot make the server buffer without bound.
 */
final class VertxConnection implements Connection {

    private final NetSocket socket;
    private Buffer pending;

    VertxConnection(NetSocket socket) {
        this.socket = socket;
        socket.drainHandler(v -> socket.resume());
    }

    @Override
    public void write(byte[] data) {
        write(data, 0, data.length);
    }

    @Override
    public void write(byte[] data, int offset, int length) {
        if (pending == null) {
            pending = Buffer.buffer(Math.max(256, length));
        }
        pending.appendBytes(data, offset, length);
    }

    @Override
    public void flush() {
        Buffer out = pending;
        if (out == null) {
            return;
        }
        pending = null;
        socket.write(out);
        if (socket.writeQueueFull()) {
            socket.pause();
        }
    }

    @Override
    public void close() {
        flush();
        socket.close();
    }

    @Override
    public String remoteAddress() {
        return String.valueOf(socket.remoteAddress());
    }
}
