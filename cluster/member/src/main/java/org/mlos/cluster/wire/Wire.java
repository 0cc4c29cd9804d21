package org.mlos.cluster.wire;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The encoding of what members send each other (task requests and results, registry entries), so
 * that nothing a peer sends is ever read by Java serialization. Big-endian, as
 * {@link DataOutputStream} writes: a string is {@code writeUTF} (2-byte length, modified UTF-8),
 * a null string a single 0 byte before it and 1 otherwise; numbers as they are; a list or map is
 * an int count, then its strings (a map's keys and values alternating). Each message writes its
 * fields in a fixed order; readers read that order and refuse trailing bytes.
 */
public final class Wire {

    private static final int MAX_COUNT = 100_000;

    private Wire() {
    }

    /** Writes one message. */
    public static final class Writer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(bytes);

        public Writer string(String s) {
            try {
                out.writeBoolean(s != null);
                if (s != null) {
                    out.writeUTF(s);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        public Writer number(long n) {
            try {
                out.writeLong(n);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        public Writer decimal(double d) {
            return number(Double.doubleToLongBits(d));
        }

        public Writer strings(List<String> list) {
            number(list.size());
            list.forEach(this::string);
            return this;
        }

        public Writer map(Map<String, String> map) {
            number(map.size());
            map.forEach((k, v) -> string(k).string(v));
            return this;
        }

        public byte[] bytes() {
            return bytes.toByteArray();
        }
    }

    /** Reads one message; anything malformed is an {@link IllegalArgumentException}. */
    public static final class Reader {
        private final DataInputStream in;

        public Reader(byte[] bytes) {
            this.in = new DataInputStream(new ByteArrayInputStream(bytes));
        }

        public String string() {
            try {
                return in.readBoolean() ? in.readUTF() : null;
            } catch (IOException e) {
                throw malformed(e);
            }
        }

        public long number() {
            try {
                return in.readLong();
            } catch (IOException e) {
                throw malformed(e);
            }
        }

        public double decimal() {
            return Double.longBitsToDouble(number());
        }

        public List<String> strings() {
            int n = count();
            List<String> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(string());
            }
            return out;
        }

        public Map<String, String> map() {
            int n = count();
            Map<String, String> out = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                out.put(string(), string());
            }
            return out;
        }

        /** Ends reading: a message with bytes left over is not one of ours. */
        public void end() {
            try {
                if (in.available() > 0) {
                    throw new IllegalArgumentException("malformed message: " + in.available() + " trailing bytes");
                }
            } catch (IOException e) {
                throw malformed(e);
            }
        }

        private int count() {
            long n = number();
            if (n < 0 || n > MAX_COUNT) {
                throw new IllegalArgumentException("malformed message: a count of " + n);
            }
            return (int) n;
        }

        private static IllegalArgumentException malformed(IOException e) {
            return new IllegalArgumentException("malformed message: " + e, e);
        }
    }
}
