package org.mlos.core.remote;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable big-endian buffer that generated codecs write arguments and results into. Lengths
 * are written before variable-sized values; -1 stands for null where a value may be null.
 */
public final class WireOut {

    private byte[] buf;
    private int size;

    public WireOut() {
        this(64);
    }

    public WireOut(int capacity) {
        this.buf = new byte[Math.max(16, capacity)];
    }

    private void ensure(int more) {
        int need = size + more;
        if (need < 0) {
            throw new IllegalStateException("a remote message cannot exceed 2 GB");
        }
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
        }
    }

    public WireOut writeByte(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    public WireOut writeBoolean(boolean v) {
        return writeByte(v ? 1 : 0);
    }

    public WireOut writeShort(short v) {
        ensure(2);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    public WireOut writeChar(char v) {
        return writeShort((short) v);
    }

    public WireOut writeInt(int v) {
        ensure(4);
        buf[size++] = (byte) (v >>> 24);
        buf[size++] = (byte) (v >>> 16);
        buf[size++] = (byte) (v >>> 8);
        buf[size++] = (byte) v;
        return this;
    }

    public WireOut writeLong(long v) {
        writeInt((int) (v >>> 32));
        return writeInt((int) v);
    }

    public WireOut writeFloat(float v) {
        return writeInt(Float.floatToRawIntBits(v));
    }

    public WireOut writeDouble(double v) {
        return writeLong(Double.doubleToRawLongBits(v));
    }

    /** Writes a nullable string as its UTF-8 length (-1: null) and bytes. */
    public WireOut writeString(String v) {
        if (v == null) {
            return writeInt(-1);
        }
        return writeBytes(v.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a nullable byte array as its length (-1: null) and bytes. */
    public WireOut writeBytes(byte[] v) {
        if (v == null) {
            return writeInt(-1);
        }
        writeInt(v.length);
        ensure(v.length);
        System.arraycopy(v, 0, buf, size, v.length);
        size += v.length;
        return this;
    }

    /** Appends raw bytes, no length. */
    public WireOut writeRaw(byte[] v, int offset, int length) {
        ensure(length);
        System.arraycopy(v, offset, buf, size, length);
        size += length;
        return this;
    }

    /** Writes whether a nullable value follows (1) or not (0); returns whether it does. */
    public boolean present(Object v) {
        writeByte(v == null ? 0 : 1);
        return v != null;
    }

    public int size() {
        return size;
    }

    /** The backing array; valid up to {@link #size()}, until the next write. */
    public byte[] array() {
        return buf;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    public void reset() {
        size = 0;
    }
}
