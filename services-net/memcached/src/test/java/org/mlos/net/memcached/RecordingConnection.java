package org.mlos.net.memcached;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.mlos.net.api.Connection;

/**
 * A connection that takes every reply at once (always writable), for driving a session without a
 * network: keeping what it was sent, or only counting it, and the largest single write.
 */
final class RecordingConnection implements Connection {

    private final ByteArrayOutputStream kept;
    private long bytes;
    private int largestWrite;

    private RecordingConnection(boolean keep) {
        kept = keep ? new ByteArrayOutputStream() : null;
    }

    /** Keeps what it is sent ({@link #text}). */
    static RecordingConnection keeping() {
        return new RecordingConnection(true);
    }

    /** Counts what it is sent and keeps none of it. */
    static RecordingConnection discarding() {
        return new RecordingConnection(false);
    }

    @Override
    public void write(byte[] data) {
        write(data, 0, data.length);
    }

    @Override
    public void write(byte[] data, int offset, int length) {
        if (kept != null) {
            kept.write(data, offset, length);
        }
        bytes += length;
        largestWrite = Math.max(largestWrite, length);
    }

    @Override
    public void flush() {
    }

    @Override
    public boolean writable() {
        return true;
    }

    @Override
    public void close() {
    }

    @Override
    public String remoteAddress() {
        return "test";
    }

    String text() {
        return kept.toString(StandardCharsets.ISO_8859_1);
    }

    long bytes() {
        return bytes;
    }

    int largestWrite() {
        return largestWrite;
    }
}
