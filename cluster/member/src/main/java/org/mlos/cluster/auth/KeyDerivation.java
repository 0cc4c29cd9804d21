package org.mlos.cluster.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF-SHA256 (RFC 5869): a key of its own for each purpose, from the cluster secret, so that
 * what one purpose's key protects says nothing about another's, nor about the secret. Salt: the
 * fixed string {@value #SALT}; info: {@code "mlos " + purpose}.
 */
public final class KeyDerivation {

    static final String SALT = "mlos-cluster-kdf-v1";

    private KeyDerivation() {
    }

    /** A 32-byte key for {@code purpose} (e.g. {@code store}) from the secret. */
    public static byte[] derive(byte[] secret, String purpose) {
        try {
            byte[] prk = hmac(SALT.getBytes(StandardCharsets.US_ASCII), secret);
            byte[] info = ("mlos " + purpose).getBytes(StandardCharsets.UTF_8);
            byte[] block = new byte[info.length + 1];
            System.arraycopy(info, 0, block, 0, info.length);
            block[info.length] = 1; // one block of SHA-256 is the 32 bytes asked for
            return hmac(prk, block);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }
}
