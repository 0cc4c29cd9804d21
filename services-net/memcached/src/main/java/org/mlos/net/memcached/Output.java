package org.mlos.net.memcached;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.mlos.net.api.Connection;

/** A connection's replies to one batch of requests, written in one piece. */
public final class Output {

    private byte[] data = new byte[1024];
    private int size;
    /** Bytes handed to the connection so far: what a {@link #mark} is measured against. */
    private long drained;

    public Output bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    public Output bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, data, size, len);
        size += len;
        return this;
    }

    public Output ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            data[size++] = (byte) s.charAt(i);
        }
        return this;
    }

    /** A non-negative number in decimal, written straight into the buffer; negative ones as text. */
    public Output number(long v) {
        if (v < 0) {
            return ascii(Long.toString(v));
        }
        int digits = 1;
        for (long t = v / 10; t != 0; t /= 10) {
            digits++;
        }
        ensure(digits);
        for (int i = size + digits - 1; i >= size; i--) {
            data[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        size += digits;
        return this;
    }

    public Output unsigned(long v) {
        return v >= 0 ? number(v) : ascii(Long.toUnsignedString(v));
    }

    public Output line(String s) {
        return ascii(s).crlf();
    }

    /** Bytes of a constant line, then CRLF. */
    public Output line(byte[] b) {
        return bytes(b).crlf();
    }

    public Output crlf() {
        ensure(2);
        data[size++] = '\r';
        data[size++] = '\n';
        return this;
    }

    public Output byte1(int v) {
        ensure(1);
        data[size++] = (byte) v;
        return this;
    }

    public Output int16(int v) {
        return byte1(v >>> 8).byte1(v);
    }

    public Output int32(int v) {
        return byte1(v >>> 24).byte1(v >>> 16).byte1(v >>> 8).byte1(v);
    }

    public Output int64(long v) {
        return int32((int) (v >>> 32)).int32((int) v);
    }

    public Output text(String s) {
        return bytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    public int size() {
        return size;
    }

    /** The position of the next byte, for a later {@link #rewind}. */
    public long mark() {
        return drained + size;
    }

    /**
     * Drops what was written since {@code mark}, if none of it has left yet (memcached drops a
     * multi-get's values when a later key is bad); false if some of it has.
     */
    public boolean rewind(long mark) {
        if (mark < drained) {
            return false;
        }
        size = (int) (mark - drained);
        return true;
    }

    /** The bytes so far, copied out; the output starts empty again (for a reply made in parts off the event thread). */
    public byte[] take() {
        byte[] b = Arrays.copyOf(data, size);
        drained += size;
        size = 0;
        return b;
    }

    /** Hands the bytes so far to the connection (which copies them); the output starts empty again. */
    void drainTo(Connection connection) {
        connection.write(data, 0, size);
        drained += size;
        size = 0;
        if (data.length > 64 << 10) {
            data = new byte[1024]; // a large value went out: do not keep its buffer
        }
    }

    /**
     * Room for {@code more} bytes. Small buffers double; a large one grows by what it needs and a
     * quarter more (at least a megabyte), not twice: a single value of 31 MB took 62 MB for the
     * CRLF after it, beside the 31 MB copied from, and a node sized for a 32 MB item max ran out
     * of heap on the get.
     */
    private void ensure(int more) {
        long need = (long) size + more;
        if (need > data.length) {
            long grown = Math.max(need + 1024, Math.min(2L * data.length, need + Math.max(1 << 20, data.length >> 2)));
            data = Arrays.copyOf(data, (int) Math.min(Integer.MAX_VALUE - 8, grown));
        }
    }

    /** The buffer's size, for tests that bound what a reply holds. */
    int capacity() {
        return data.length;
    }
}
