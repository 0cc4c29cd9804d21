package org.mlos.cluster.remote.transport;

import io.vertx.core.buffer.Buffer;

/**
 * The frames that follow the handshake: a 4-byte length, then a type byte, an 8-byte call id, the
 * body and the frame's MAC ({@link FrameSeal}). Requests: {@link #CALL} (instance, method, arguments), {@link #OPEN} (kind, impl,
 * fingerprint, caller node), {@link #CLOSE} (instance). Replies: {@link #OK} (the result),
 * {@link #THROWN} (exception class and message), {@link #FAILED} (why the host refused). State
 * moves with the import and export frames (instance first, see {@link HostedStates}).
 */
final class Frames {

    static final byte CALL = 1;
    static final byte OPEN = 2;
    static final byte CLOSE = 3;
    static final byte IMPORT_OPEN = 20;
    static final byte IMPORT_OPS = 21;
    static final byte IMPORT_END = 22;
    static final byte EXPORT_OPEN = 23;
    static final byte EXPORT_CHUNK = 24;
    static final byte EXPORT_ENTRY = 25;
    static final byte EXPORT_END = 26;
    static final byte EXPORT_BESIDE = 27;
    static final byte OK = 10;
    static final byte THROWN = 11;
    static final byte FAILED = 12;

    /**
     * How a {@link #FAILED} answer begins when the instance a frame names is not hosted (closed, or
     * the host restarted on the same address): the caller takes its binding for lost.
     */
    static final String NO_INSTANCE = "no hosted instance ";

    /** Length prefix + type + call id. */
    static final int HEADER = 4 + 1 + 8;

    /** The smallest length a frame's prefix may give: type, call id and MAC. */
    static final int MIN_LENGTH = HEADER - 4 + FrameSeal.TAG;

    private Frames() {
    }

    /** A frame with room for the body and its MAC; the length is set when it is sent ({@link FrameSeal#send}). */
    static Buffer start(byte type, long callId, int bodyHint) {
        return Buffer.buffer(HEADER + bodyHint + FrameSeal.TAG).appendInt(0).appendByte(type).appendLong(callId);
    }

    static void appendString(Buffer b, String s) {
        if (s == null) {
            b.appendInt(-1);
            return;
        }
        byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        b.appendInt(bytes.length).appendBytes(bytes);
    }
}
