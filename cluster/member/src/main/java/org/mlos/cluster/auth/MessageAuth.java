package org.mlos.cluster.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens the cluster's control messages with HMAC-SHA256 under the cluster secret.
 * A sealed message is, in order:
 *
 * <pre>
 *   4 bytes   "MLA1"
 *   2+n       type, length-prefixed UTF-8 (what the message is: "task", "node"...)
 *   2+n       sender, length-prefixed UTF-8 (node id and member address, as the sender says)
 *   8         timestamp, epoch milliseconds
 *   16        nonce, random
 *   4+n       payload, length-prefixed
 *   32        HMAC-SHA256 of every byte before it
 * </pre>
 *
 * The MAC covers the exact bytes sent, so there is no second, "canonical" form to get wrong.
 * {@link #open} accepts a message once, within {@code window} of this node's clock, and never one
 * stamped before this node started: the nonces seen are kept in memory only, so a node that
 * restarts would otherwise take a message captured shortly before as new.
 * {@link #openRepeatable} is for values many readers read many times (registry entries): it
 * checks the MAC and the age only.
 *
 * <p>Cost: a seal or an open is one HMAC over a few hundred bytes, a few microseconds once
 * compiled. The {@link Mac} is made once per thread (looking the algorithm up in the providers on
 * every message cost more than the MAC itself), and the first seal and open happen in the
 * constructor, so the JCE's one-time class loading and seeding (tens of ms) fall on the node's
 * start, not on the first message.
 */
public final class MessageAuth {

    private static final byte[] MAGIC = "MLA1".getBytes(StandardCharsets.US_ASCII);
    private static final int NONCE = 16;
    private static final int MAC = 32;
    private static final int MAX_PAYLOAD = 1 << 20;

    /** Null when messages are not authenticated (benchmarks only, see {@link #unauthenticated}). */
    private final SecretKeySpec key;
    private final long windowMillis;
    private final LongSupplier clock;
    private final SecureRandom random = new SecureRandom();
    /** This node's start: a one-time message stamped before it may have been seen before a restart. */
    private final long notBefore;
    private final ThreadLocal<Mac> macs;
    /** Nonces seen, with when they may be forgotten (once their timestamp is out of the window anyway). */
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private volatile long nextSweep;

    public MessageAuth(byte[] secret, Duration window, LongSupplier clock) {
        if (secret.length < ClusterSecret.MIN_BYTES) {
            throw new IllegalArgumentException("a cluster secret needs at least " + ClusterSecret.MIN_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
        this.windowMillis = window.toMillis();
        this.clock = clock;
        this.macs = ThreadLocal.withInitial(this::newMac);
        this.notBefore = clock.getAsLong();
        warmUp();
    }

    public MessageAuth(byte[] secret) {
        this(secret, Duration.ofSeconds(30), System::currentTimeMillis);
    }

    private MessageAuth() {
        this.key = null;
        this.windowMillis = Long.MAX_VALUE / 4;
        this.clock = System::currentTimeMillis;
        this.macs = null;
        this.notBefore = Long.MIN_VALUE;
    }

    /** Seals and verifies one message, so that the first real one does not pay for loading the JCE. */
    private void warmUp() {
        try {
            verify("warm-up", seal("warm-up", "", new byte[0]));
        } catch (AuthException impossible) {
            throw new IllegalStateException("a message sealed here does not verify here", impossible);
        }
    }

    /**
     * Messages in the same envelope with a zero MAC, opened unchecked: what authentication costs
     * is measured against this ({@code mlos.cluster.auth=off}, loopback only). Anyone who reaches
     * such a node commands it.
     */
    public static MessageAuth unauthenticated() {
        return new MessageAuth();
    }

    public boolean authenticates() {
        return key != null;
    }

    /** What a verified message said. */
    public record Opened(String type, String sender, long timestamp, byte[] payload) {
    }

    public byte[] seal(String type, String sender, byte[] payload) {
        byte[] t = type.getBytes(StandardCharsets.UTF_8);
        byte[] s = sender.getBytes(StandardCharsets.UTF_8);
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 2 + t.length + 2 + s.length + 8 + NONCE + 4 + payload.length + MAC);
        b.put(MAGIC).putShort((short) t.length).put(t).putShort((short) s.length).put(s).putLong(clock.getAsLong())
                .put(nonce).putInt(payload.length).put(payload);
        b.put(mac(b.array(), b.position()));
        return b.array();
    }

    /** Verifies a one-time message: MAC, type, timestamp within the window, nonce never seen before. */
    public Opened open(String type, byte[] sealed) throws AuthException {
        Parsed p = verify(type, sealed);
        if (key == null) {
            return p.opened;
        }
        long now = clock.getAsLong();
        if (Math.abs(now - p.timestamp) > windowMillis) {
            throw new AuthException("stale: sent " + (now - p.timestamp) + " ms ago, outside the " + windowMillis
                    + " ms window (replayed, or clocks apart)");
        }
        if (p.timestamp < notBefore) {
            throw new AuthException("sent " + (notBefore - p.timestamp) + " ms before this node started (replayed"
                    + " from before a restart, or the sender's clock is behind this node's)");
        }
        forgetOld(now);
        if (seen.putIfAbsent(p.nonce, p.timestamp + 2 * windowMillis) != null) {
            throw new AuthException("replayed: nonce " + p.nonce + " was seen before");
        }
        return p.opened;
    }

    /** Verifies a value that is read many times: MAC, type, and no older than {@code maxAge}. */
    public Opened openRepeatable(String type, byte[] sealed, Duration maxAge) throws AuthException {
        Parsed p = verify(type, sealed);
        if (key == null) {
            return p.opened;
        }
        long age = clock.getAsLong() - p.timestamp;
        if (age > maxAge.toMillis() || age < -windowMillis) {
            throw new AuthException("stale: written " + age + " ms ago, older than " + maxAge.toMillis() + " ms");
        }
        return p.opened;
    }

    /** A sealed message's MAC in hex: what names it, e.g. in the reply to it. */
    public static String tag(byte[] sealed) {
        return HexFormat.of().formatHex(sealed, Math.max(0, sealed.length - MAC), sealed.length);
    }

    /** The sender a message names, verified or not: for the log line of a refusal. */
    public static String claimedSender(byte[] sealed) {
        try {
            ByteBuffer b = header(sealed);
            skipString(b);
            return string(b);
        } catch (RuntimeException | AuthException e) {
            return "(unreadable)";
        }
    }

    private record Parsed(Opened opened, String nonce, long timestamp) {
    }

    private Parsed verify(String type, byte[] sealed) throws AuthException {
        if (sealed == null || sealed.length < MAGIC.length + MAC) {
            throw new AuthException("not a sealed message");
        }
        int body = sealed.length - MAC;
        byte[] expected = mac(sealed, body);
        byte[] actual = java.util.Arrays.copyOfRange(sealed, body, sealed.length);
        if (key != null && !MessageDigest.isEqual(expected, actual)) {
            throw new AuthException("bad MAC: not sealed with this cluster's secret, or altered on the way");
        }
        try {
            ByteBuffer b = header(sealed);
            String t = string(b);
            String sender = string(b);
            long timestamp = b.getLong();
            byte[] nonce = new byte[NONCE];
            b.get(nonce);
            int length = b.getInt();
            if (length < 0 || length > MAX_PAYLOAD || b.position() + length != body) {
                throw new AuthException("malformed: payload length " + length);
            }
            byte[] payload = new byte[length];
            b.get(payload);
            if (!t.equals(type)) {
                throw new AuthException("a " + t + " message where a " + type + " was expected");
            }
            return new Parsed(new Opened(t, sender, timestamp, payload), HexFormat.of().formatHex(nonce), timestamp);
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw new AuthException("malformed: " + e);
        }
    }

    private static ByteBuffer header(byte[] sealed) throws AuthException {
        ByteBuffer b = ByteBuffer.wrap(sealed);
        byte[] magic = new byte[MAGIC.length];
        b.get(magic);
        if (!MessageDigest.isEqual(magic, MAGIC)) {
            throw new AuthException("not a sealed message (no MLA1 header)");
        }
        return b;
    }

    private static String string(ByteBuffer b) {
        byte[] s = new byte[Short.toUnsignedInt(b.getShort())];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    private static void skipString(ByteBuffer b) {
        int length = Short.toUnsignedInt(b.getShort());
        b.position(b.position() + length);
    }

    private void forgetOld(long now) {
        // Once a second at most: sweeping on every message made each one cost a pass over all the
        // nonces of the last minute (a node busy with tasks spent ms per message).
        if (seen.size() < 1024 || now < nextSweep) {
            return;
        }
        nextSweep = now + 1000;
        for (Iterator<Long> it = seen.values().iterator(); it.hasNext();) {
            if (it.next() < now) {
                it.remove();
            }
        }
    }

    private byte[] mac(byte[] bytes, int length) {
        if (key == null) {
            return new byte[MAC];
        }
        Mac mac = macs.get();
        mac.update(bytes, 0, length);
        return mac.doFinal(); // and the Mac is reset, ready for the next message
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }
}
