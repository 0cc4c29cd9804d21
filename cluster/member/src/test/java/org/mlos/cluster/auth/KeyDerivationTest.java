package org.mlos.cluster.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import javax.crypto.KDF;
import javax.crypto.spec.HKDFParameterSpec;

import org.junit.jupiter.api.Test;

class KeyDerivationTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @Test
    void isHkdfSha256AsTheJdkComputesIt() throws Exception {
        byte[] expected = KDF.getInstance("HKDF-SHA256").deriveData(HKDFParameterSpec.ofExtract().addIKM(SECRET)
                .addSalt(KeyDerivation.SALT.getBytes(StandardCharsets.US_ASCII))
                .thenExpand("mlos store".getBytes(StandardCharsets.UTF_8), 32));
        assertArrayEquals(expected, KeyDerivation.derive(SECRET, "store"));
    }

    @Test
    void eachPurposeAndSecretHasItsOwnKey() {
        byte[] store = KeyDerivation.derive(SECRET, "store");
        assertEquals(32, store.length);
        assertArrayEquals(store, KeyDerivation.derive(SECRET.clone(), "store"), "the same on every node");
        assertFalse(Arrays.equals(store, KeyDerivation.derive(SECRET, "other")));
        byte[] another = SECRET.clone();
        another[0] ^= 1;
        assertFalse(Arrays.equals(store, KeyDerivation.derive(another, "store")));
        assertFalse(Arrays.equals(store, Arrays.copyOf(SECRET, 32)), "not the secret itself");
    }
}
