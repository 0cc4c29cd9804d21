package org.mlos.net.memcached;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes received and not yet parsed. Grows only as bytes arrive, never by a request's declared
 * size: a client that declares a 1 MB value and trickles it costs the bytes it has sent. Past
 * {@link #SMALL} it grows by a quarter at a time rather than doubling, so a large value holds at
 * most a quarter more than its bytes, and it shrinks again once the large request is parsed, even
 * when the next request's first bytes are already here.
 */
public final class InputBuffer {

    /** Below this a buffer doubles as it grows and is never shrunk: what ordinary requests need. */
    static final int SMALL = 64 << 10;
    private static final int INITIAL = 4096;
    private static final byte[] RELEASED = new byte[0];

    private byte[] data = new byte[INITIAL];
    private int start;
    private int end;
    /** Bytes of every array this buffer has allocated: what tests bound. */
    private long allocated = INITIAL;

    void append(ByteBuffer in) {
        int n = in.remaining();
        if (end + n > data.length) {
            int live = end - start;
            if (live + n <= data.length && start > 0) {
                System.arraycopy(data, start, data, 0, live);
            } else {
                resize(grown(live + n), live);
            }
            start = 0;
            end = live;
        }
        in.get(data, end, n);
        end += n;
    }

    private int grown(int needed) {
        if (needed <= SMALL) {
            return Math.max(Math.min(SMALL, data.length * 2), needed);
        }
        long quarterMore = (long) needed + needed / 4;
        return (int) Math.min(Integer.MAX_VALUE - 8, (quarterMore + 4095) & ~4095L);
    }

    private void resize(int capacity, int live) {
        byte[] other = new byte[capacity];
        System.arraycopy(data, start, other, 0, live);
        data = other;
        allocated += capacity;
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

    /**
     * The first {@code length} buffered bytes split on spaces, empty words skipped, as memcached's
     * tokenizer splits a command line; each word read straight from the buffer as {@link #text}.
     * The one tokenizer of the text, meta and operator commands and of the text authentication.
     */
    public List<String> words(int length) {
        List<String> out = new ArrayList<>(8);
        int from = -1;
        for (int i = 0; i <= length; i++) {
            if (i == length || data[start + i] == ' ') {
                if (from >= 0) {
                    out.add(text(from, i - from));
                    from = -1;
                }
            } else if (from < 0) {
                from = i;
            }
        }
        return out;
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
        int live = end - start;
        if (live == 0) {
            start = 0;
            end = 0;
        }
        if (data.length > SMALL && live <= data.length / 4) {
            // a large request passed: keep what is left of the input, not the room it needed
            resize(Math.max(INITIAL, (live + live / 4 + 4095) & ~4095), live);
            start = 0;
            end = live;
        }
    }

    /** Drops up to {@code n} bytes; returns how many were dropped. */
    public int skip(long n) {
        int k = (int) Math.min(n, available());
        consume(k);
        return k;
    }

    /** The connection closed: nothing more will be parsed, so nothing is held. */
    void release() {
        data = RELEASED;
        start = 0;
        end = 0;
    }

    int capacity() {
        return data.length;
    }

    long allocated() {
        return allocated;
    }
}
