package org.mlos.net.memcached;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Bytes received and not yet parsed. Grows only as far as one request needs: parsers check a
 * request's declared size against the limits before they wait for it.
 */
public final class InputBuffer {

    private byte[] data = new byte[4096];
    private int start;
    private int end;

    void append(ByteBuffer in) {
        int n = in.remaining();
        if (end + n > data.length) {
            int live = end - start;
            if (live + n <= data.length && start > 0) {
                System.arraycopy(data, start, data, 0, live);
            } else {
                byte[] bigger = new byte[Math.max(data.length * 2, live + n)];
                System.arraycopy(data, start, bigger, 0, live);
                data = bigger;
            }
            start = 0;
            end = live;
        }
        in.get(data, end, n);
        end += n;
    }

    public int available() {
        return end - start;
    }

    /** Byte at a position relative to the unparsed start. */
    public byte at(int i) {
        return data[start + i];
    }

    /** Index (relative) of the first {@code b} within the first {@code limit} bytes, or -1. */
    public int indexOf(byte b, int limit) {
        int stop = Math.min(end, start + limit);
        for (int i = start; i < stop; i++) {
            if (data[i] == b) {
                return i - start;
            }
        }
        return -1;
    }

    public byte[] copy(int offset, int length) {
        byte[] out = new byte[length];
        System.arraycopy(data, start + offset, out, 0, length);
        return out;
    }

    /** ISO-8859-1 text: byte for char, so binary keys survive. */
    public String text(int offset, int length) {
        return new String(data, start + offset, length, StandardCharsets.ISO_8859_1);
    }

    public int int32(int offset) {
        int p = start + offset;
        return ((data[p] & 0xff) << 24) | ((data[p + 1] & 0xff) << 16) | ((data[p + 2] & 0xff) << 8) | (data[p + 3] & 0xff);
    }

    public int uint16(int offset) {
        int p = start + offset;
        return ((data[p] & 0xff) << 8) | (data[p + 1] & 0xff);
    }

    public long int64(int offset) {
        return ((long) int32(offset) << 32) | (int32(offset + 4) & 0xffffffffL);
    }

    public void consume(int n) {
        start += n;
        if (start == end) {
            start = 0;
            end = 0;
            if (data.length > 64 << 10) {
                data = new byte[4096]; // a large value passed: do not keep its buffer
            }
        }
    }

    /** Drops up to {@code n} bytes; returns how many were dropped. */
    public int skip(long n) {
        int k = (int) Math.min(n, available());
        consume(k);
        return k;
    }
}
