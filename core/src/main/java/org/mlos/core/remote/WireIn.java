package org.mlos.core.remote;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads what a {@link WireOut} wrote. Every read checks the bytes left, and every length is
 * checked against them before anything is allocated, so a truncated or corrupt message fails
 * with a {@link WireFormatException} instead of an out-of-memory or a wrong value.
 */
public final class WireIn {

    private final byte[] buf;
    private int pos;
    private final int limit;

    public WireIn(byte[] buf) {
        this(buf, 0, buf.length);
    }

    public WireIn(byte[] buf, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > buf.length) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " outside " + buf.length + " bytes");
        }
        this.buf = buf;
        this.pos = offset;
        this.limit = offset + length;
    }

    private void need(int n) {
        if (limit - pos < n) {
            throw new WireFormatException("message truncated: needed " + n + " more bytes at offset " + pos
                    + ", " + (limit - pos) + " left");
        }
    }

    public int remaining() {
        return limit - pos;
    }

    public byte readByte() {
        need(1);
        return buf[pos++];
    }

    public boolean readBoolean() {
        byte b = readByte();
        if (b != 0 && b != 1) {
            throw new WireFormatException("boolean byte " + b + " at offset " + (pos - 1) + " is neither 0 nor 1");
        }
        return b == 1;
    }

    public short readShort() {
        need(2);
        int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
        pos += 2;
        return (short) v;
    }

    public char readChar() {
        return (char) readShort();
    }

    public int readInt() {
        need(4);
        int v = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8)
                | (buf[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    public long readLong() {
        return ((long) readInt() << 32) | (readInt() & 0xffffffffL);
    }

    public float readFloat() {
        return Float.intBitsToFloat(readInt());
    }

    public double readDouble() {
        return Double.longBitsToDouble(readLong());
    }

    public String readString() {
        int n = readInt();
        if (n == -1) {
            return null;
        }
        checkLength(n, 1);
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    public byte[] readBytes() {
        int n = readInt();
        if (n == -1) {
            return null;
        }
        checkLength(n, 1);
        byte[] v = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return v;
    }

    /** Reads a count of elements that each take at least {@code minBytes} bytes. */
    public int readCount(int minBytes) {
        int n = readInt();
        checkLength(n, minBytes);
        return n;
    }

    private void checkLength(int n, int minBytes) {
        if (n < 0 || (long) n * Math.max(1, minBytes) > limit - pos) {
            throw new WireFormatException("length " + n + " at offset " + (pos - 4) + " is negative or exceeds the "
                    + (limit - pos) + " bytes left");
        }
    }

    /** Reads the presence byte a {@link WireOut#present} wrote. */
    public boolean present() {
        return readBoolean();
    }

    /** Reads an enum constant's ordinal and checks it against the constants there are. */
    public int readOrdinal(int constants, String enumType) {
        int k = readInt();
        if (k < 0 || k >= constants) {
            throw new WireFormatException("ordinal " + k + " is not a constant of " + enumType + " (it has "
                    + constants + ")");
        }
        return k;
    }

    /** Fails unless every byte was read: a message longer than its type is corrupt or of another version. */
    public void end() {
        if (pos != limit) {
            throw new WireFormatException((limit - pos) + " bytes left unread at the end of a message");
        }
    }
}
