package org.mlos.cluster.remote.transport;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC challenge and response that opens every remote-call connection, before either side
 * decodes a frame. The caller says {@code MLR2} (so it is listening before the host says anything:
 * nothing the host sends can arrive before the caller's handler is set); the host answers with
 * {@code MLR2} and a random 32-byte challenge. The caller
 * answers with a fixed 68 bytes: {@code MLR2}, a challenge of its own, and
 * HMAC-SHA256(key, "mlos-remote caller" | host challenge | caller challenge). The host checks it
 * in constant time and proves itself with HMAC-SHA256(key, "mlos-remote host" | caller challenge
 * | host challenge): a caller talks only to a host that holds the secret too. Fixed sizes, so a
 * peer without the key gets nothing parsed but its 68 bytes. The key is derived from the cluster
 * secret for this purpose alone. Every frame after the handshake carries a MAC under a key of the
 * connection and direction ({@link #sessionKeys}, {@link FrameSeal}).
 */
public final class Handshake {

    public static final String KEY_PURPOSE = "remote-calls-v1";
    /** The protocol's version too: 2 since frames carry a MAC, so a node of version 1 fails at the hello, by name. */
    static final byte[] MAGIC = "MLR2".getBytes(StandardCharsets.US_ASCII);
    static final int NONCE = 32;
    static final int MAC = 32;
    /** What the caller sends first. */
    public static final int HELLO_BYTES = 4;
    /** What the host answers the hello with. */
    public static final int CHALLENGE_BYTES = 4 + NONCE;
    /** What the caller answers. */
    public static final int ANSWER_BYTES = 4 + NONCE + MAC;
    /** The host's proof. */
    public static final int PROOF_BYTES = MAC;

    private static final byte[] CALLER = "mlos-remote caller".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HOST = "mlos-remote host".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;

    /** @param key the 32-byte key derived from the cluster secret for {@link #KEY_PURPOSE} */
    public Handshake(byte[] key) {
        if (key == null || key.length < 32) {
            throw new IllegalArgumentException("a remote-call key needs at least 32 bytes");
        }
        this.key = key.clone();
    }

    static byte[] hello() {
        return MAGIC.clone();
    }

    static boolean isHello(byte[] b) {
        return Arrays.equals(MAGIC, b);
    }

    static byte[] nonce() {
        byte[] n = new byte[NONCE];
        RANDOM.nextBytes(n);
        return n;
    }

    /** The host's opening: magic and its challenge. */
    static byte[] challenge(byte[] hostNonce) {
        return concat(MAGIC, hostNonce);
    }

    /** The caller's answer to a host's opening; null if the opening is not one. */
    byte[] answer(byte[] challenge, byte[] callerNonce) {
        if (challenge.length != CHALLENGE_BYTES || !Arrays.equals(MAGIC, 0, 4, challenge, 0, 4)) {
            return null;
        }
        byte[] hostNonce = Arrays.copyOfRange(challenge, 4, CHALLENGE_BYTES);
        return concat(MAGIC, callerNonce, mac(CALLER, hostNonce, callerNonce));
    }

    /** The caller's nonce if the answer proves the key, else null. */
    byte[] verifyAnswer(byte[] answer, byte[] hostNonce) {
        if (answer.length != ANSWER_BYTES || !Arrays.equals(MAGIC, 0, 4, answer, 0, 4)) {
            return null;
        }
        byte[] callerNonce = Arrays.copyOfRange(answer, 4, 4 + NONCE);
        byte[] mac = Arrays.copyOfRange(answer, 4 + NONCE, ANSWER_BYTES);
        return MessageDigest.isEqual(mac, mac(CALLER, hostNonce, callerNonce)) ? callerNonce : null;
    }

    byte[] proof(byte[] callerNonce, byte[] hostNonce) {
        return mac(HOST, callerNonce, hostNonce);
    }

    boolean verifyProof(byte[] proof, byte[] callerNonce, byte[] hostNonce) {
        return proof.length == PROOF_BYTES && MessageDigest.isEqual(proof, proof(callerNonce, hostNonce));
    }

    /**
     * The keys of this connection's frames (see {@link FrameSeal}): {@code [0]} for the caller's
     * frames to the host, {@code [1]} for the host's to the caller. Both nonces are fresh for each
     * connection, so no frame of another connection, or of the other direction, passes.
     */
    byte[][] sessionKeys(byte[] callerNonce, byte[] hostNonce) {
        return new byte[][] { mac(FRAMES_FROM_CALLER, hostNonce, callerNonce), mac(FRAMES_FROM_HOST, hostNonce, callerNonce) };
    }

    private static final byte[] FRAMES_FROM_CALLER = "mlos-remote frames caller".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FRAMES_FROM_HOST = "mlos-remote frames host".getBytes(StandardCharsets.US_ASCII);

    private byte[] mac(byte[] label, byte[] a, byte[] b) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(label);
            mac.update(a);
            mac.update(b);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
