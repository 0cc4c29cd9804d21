package org.mlos.net.memcached;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** A raw socket speaking memcached's binary protocol: requests built field by field, responses read whole. */
final class BinaryClient implements AutoCloseable {

    static final int GET = 0x00, SET = 0x01, ADD = 0x02, REPLACE = 0x03, DELETE = 0x04, INCREMENT = 0x05,
            DECREMENT = 0x06, QUIT = 0x07, FLUSH = 0x08, GETQ = 0x09, NOOP = 0x0a, GETK = 0x0c, GETKQ = 0x0d, APPEND = 0x0e,
            PREPEND = 0x0f, SETQ = 0x11, ADDQ = 0x12, REPLACEQ = 0x13, DELETEQ = 0x14, INCREMENTQ = 0x15,
            DECREMENTQ = 0x16, APPENDQ = 0x19, PREPENDQ = 0x1a, TOUCH = 0x1c, GAT = 0x1d, GATQ = 0x1e, GATK = 0x23,
            GATKQ = 0x24;

    /** One response, its header fields and body parts; {@code bytes} is the response as received. */
    record Response(int opcode, int status, int opaque, long cas, byte[] extras, byte[] key, byte[] value, byte[] bytes) {
        String valueText() {
            return new String(value, StandardCharsets.ISO_8859_1);
        }

        int flags() {
            return ByteBuffer.wrap(extras).getInt();
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    BinaryClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
        out = socket.getOutputStream();
    }

    /** A request's bytes. */
    static byte[] request(int opcode, int datatype, int opaque, long cas, byte[] extras, String key, byte[] value) {
        byte[] k = key.getBytes(StandardCharsets.ISO_8859_1);
        int body = extras.length + k.length + value.length;
        return ByteBuffer.allocate(24 + body).put((byte) 0x80).put((byte) opcode).putShort((short) k.length)
                .put((byte) extras.length).put((byte) datatype).putShort((short) 0).putInt(body).putInt(opaque)
                .putLong(cas).put(extras).put(k).put(value).array();
    }

    static byte[] storageExtras(int flags, int exptime) {
        return ByteBuffer.allocate(8).putInt(flags).putInt(exptime).array();
    }

    static byte[] counterExtras(long delta, long initial, int exptime) {
        return ByteBuffer.allocate(20).putLong(delta).putLong(initial).putInt(exptime).array();
    }

    static byte[] exptimeExtras(int exptime) {
        return ByteBuffer.allocate(4).putInt(exptime).array();
    }

    BinaryClient send(byte[] request) throws IOException {
        out.write(request);
        out.flush();
        return this;
    }

    Response call(int opcode, long cas, byte[] extras, String key, String value) throws IOException {
        return send(request(opcode, 0, 0, cas, extras, key, value.getBytes(StandardCharsets.ISO_8859_1))).read();
    }

    Response read() throws IOException {
        byte[] header = new byte[24];
        in.readFully(header);
        ByteBuffer h = ByteBuffer.wrap(header);
        if ((h.get(0) & 0xff) != 0x81) {
            throw new IOException("not a response: magic " + (h.get(0) & 0xff));
        }
        int keyLength = h.getShort(2) & 0xffff;
        int extrasLength = h.get(4) & 0xff;
        byte[] body = new byte[h.getInt(8)];
        in.readFully(body);
        byte[] extras = java.util.Arrays.copyOfRange(body, 0, extrasLength);
        byte[] key = java.util.Arrays.copyOfRange(body, extrasLength, extrasLength + keyLength);
        byte[] value = java.util.Arrays.copyOfRange(body, extrasLength + keyLength, body.length);
        byte[] all = ByteBuffer.allocate(24 + body.length).put(header).put(body).array();
        return new Response(h.get(1) & 0xff, h.getShort(6) & 0xffff, h.getInt(12), h.getLong(16), extras, key, value,
                all);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
