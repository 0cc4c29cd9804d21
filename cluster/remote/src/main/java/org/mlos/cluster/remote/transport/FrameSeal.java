package org.mlos.cluster.remote.transport;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

/**
 * The MAC of one direction of a connection's frames after the handshake: each frame ends in
 * {@value #TAG} bytes of HMAC-SHA256, under a key of this connection and direction alone
 * ({@link Handshake#sessionKeys}), over the frame's number in its direction and the frame, length
 * prefix included. The handshake proves who opened the connection; this proves each frame after
 * it came from that peer, whole, in order: a frame injected into the TCP stream, replayed from
 * this or another connection, dropped or reordered fails its check, and the connection closes.
 */
final class FrameSeal {

    /** Bytes of MAC at the end of each frame (HMAC-SHA256 cut to 128 bits). */
    static final int TAG = 16;

    private final Mac mac;
    private long sequence;

    FrameSeal(byte[] sessionKey) {
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(sessionKey, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /**
     * Sets the frame's length, appends its tag and writes it, as one step: frames are numbered in
     * the order they reach the socket, whichever threads send them.
     */
    synchronized void send(NetSocket socket, Buffer frame) {
        frame.setInt(0, frame.length() - 4 + TAG);
        frame.appendBytes(tag(frame.getBytes(), frame.length()));
        socket.write(frame);
    }

    /**
     * The frame without its tag (type, call id, body) if the tag is right for the next frame of
     * this direction, else null. {@code record} is what followed the length prefix {@code length}.
     */
    synchronized Buffer open(int length, Buffer record) {
        if (record.length() < TAG) {
            return null;
        }
        int n = record.length() - TAG;
        byte[] framed = ByteBuffer.allocate(4 + n).putInt(length).put(record.getBytes(0, n)).array();
        byte[] expected = tag(framed, framed.length);
        return MessageDigest.isEqual(expected, record.getBytes(n, record.length())) ? record.slice(0, n) : null;
    }

    private byte[] tag(byte[] framed, int length) {
        mac.update(ByteBuffer.allocate(8).putLong(sequence++).array());
        mac.update(framed, 0, length);
        byte[] full = mac.doFinal();
        return java.util.Arrays.copyOf(full, TAG);
    }
}
