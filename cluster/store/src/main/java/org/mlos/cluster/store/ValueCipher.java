package org.mlos.cluster.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals an item's bytes (flags, expiry, CAS unique, store time, value) with AES-256-GCM before
 * they go into the cluster map, under a key derived from the cluster secret: a member or client
 * without the secret reads no value, and a value it writes or alters does not open, so it reads
 * as a miss. The item's key is authenticated with it, so a sealed value cannot be moved under
 * another key. Keys, sizes, expiry (the map's TTL) and which keys are read and written stay
 * visible. Layout: version (1 byte), nonce (12), ciphertext with its tag (16).
 */
final class ValueCipher {

    private static final byte VERSION = 1;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    static final int OVERHEAD = 1 + NONCE + TAG_BITS / 8;

    private final SecretKeySpec key;
    private final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(ValueCipher::newCipher);
    private final SecureRandom random = new SecureRandom();

    /** @param key 32 bytes, or null for no encryption (the bytes pass as they are) */
    ValueCipher(byte[] key) {
        if (key != null && key.length != 32) {
            throw new IllegalArgumentException("the store key must be 32 bytes");
        }
        this.key = key == null ? null : new SecretKeySpec(key, "AES");
    }

    boolean enabled() {
        return key != null;
    }

    byte[] seal(String itemKey, byte[] plain) {
        if (key == null) {
            return plain;
        }
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        try {
            Cipher c = ciphers.get();
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(itemKey.getBytes(StandardCharsets.UTF_8));
            ByteBuffer out = ByteBuffer.allocate(1 + NONCE + c.getOutputSize(plain.length));
            out.put(VERSION).put(nonce);
            c.doFinal(ByteBuffer.wrap(plain), out);
            return out.array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed to seal an item", e);
        }
    }

    /** The item's bytes, or null if they were not sealed under this key for this item key. */
    byte[] open(String itemKey, byte[] sealed) {
        if (key == null) {
            return sealed;
        }
        if (sealed.length < OVERHEAD || sealed[0] != VERSION) {
            return null;
        }
        try {
            Cipher c = ciphers.get();
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE));
            c.updateAAD(itemKey.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(sealed, 1 + NONCE, sealed.length - 1 - NONCE);
        } catch (GeneralSecurityException e) {
            return null; // altered, or sealed under another key or for another item key
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no AES/GCM", e);
        }
    }
}
