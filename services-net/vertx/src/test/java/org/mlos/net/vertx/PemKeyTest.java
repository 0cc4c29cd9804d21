package org.mlos.net.vertx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.util.Base64;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.core.testing.TestCertificates;

/**
 * The private key forms OpenSSL writes, read as the JDK's keys without Vert.x's PKCS#12 store:
 * each one equal to the same key converted to PKCS#8 by {@code openssl pkey}, and whatever else a
 * key file holds refused with words, never with a parser's exception.
 */
class PemKeyTest {

    @TempDir
    Path dir;
    private TestCertificates certs;

    @BeforeEach
    void certificates() throws Exception {
        certs = TestCertificates.make(dir);
    }

    @Test
    void sec1AndPkcs1KeysAreTheKeysTheirPkcs8FormsHold() throws Exception {
        // ecparam writes an EC PARAMETERS block before the key, which the reader passes over
        Path sec1 = certs.openssl("sec1.key", "ecparam", "-name", "prime256v1", "-genkey", "-out", "sec1.key");
        Path rsa1 = certs.openssl("rsa1.key", "genrsa", "-traditional", "-out", "rsa1.key", "2048");
        Path ed = certs.openssl("ed.key", "genpkey", "-algorithm", "ed25519", "-out", "ed.key");
        assertTrue(Files.readString(sec1).contains("BEGIN EC PARAMETERS"), "the test's premise");
        assertTrue(Files.readString(rsa1).contains("BEGIN RSA PRIVATE KEY"), "the test's premise");
        for (Path key : new Path[] { sec1, rsa1, ed, certs.serverKey }) {
            Path pkcs8 = certs.openssl(key.getFileName() + ".p8", "pkey", "-in", key.toString(), "-out",
                    key.getFileName() + ".p8");
            PrivateKey read = PemKey.read(Files.readString(key));
            PrivateKey converted = PemKey.read(Files.readString(pkcs8));
            if (read instanceof ECPrivateKey ec) { // SEC1's curve stays inside, where openssl pkey drops it
                assertEquals(((ECPrivateKey) converted).getS(), ec.getS());
                assertEquals(((ECPrivateKey) converted).getParams().toString(), ec.getParams().toString());
            } else {
                assertArrayEquals(der(Files.readString(pkcs8)), read.getEncoded(), key.getFileName().toString());
            }
        }
        assertEquals("EC", PemKey.read(Files.readString(sec1)).getAlgorithm());
        assertEquals("RSA", PemKey.read(Files.readString(rsa1)).getAlgorithm());
        assertTrue(PemKey.read(Files.readString(ed)).getAlgorithm().startsWith("Ed"));
    }

    @Test
    void whatIsNoSigningKeyIsRefusedSayingWhat() throws Exception {
        assertTrue(refusal(Files.readString(certs.serverCert)).startsWith("no PEM private key in it"));
        Path x25519 = certs.openssl("x.key", "genpkey", "-algorithm", "x25519", "-out", "x.key");
        assertTrue(refusal(Files.readString(x25519)).contains("the node's TLS does not serve with"));
        Path ed448 = certs.openssl("ed448.key", "genpkey", "-algorithm", "ed448", "-out", "ed448.key");
        assertTrue(refusal(Files.readString(ed448)).startsWith("an Ed448 key, which the node's TLS does not serve with"));
        Path explicit = certs.openssl("explicit.key", "ecparam", "-name", "prime256v1", "-genkey", "-noout",
                "-param_enc", "explicit", "-out", "explicit.key");
        assertTrue(refusal(Files.readString(explicit)).contains("explicit curve parameters are not taken"));
        assertTrue(refusal("-----BEGIN PRIVATE KEY-----\n@@@@\n-----END PRIVATE KEY-----\n")
                .startsWith("no PEM private key"), "not base64 is no PEM block");
    }

    /** Every byte of every form flipped at random: an answer, or a refusal in words (no other exception). */
    @Test
    void aDamagedKeyIsRefusedNeverCrashesTheReader() throws Exception {
        Path sec1 = certs.openssl("sec1.key", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "sec1.key");
        Path rsa1 = certs.openssl("rsa1.key", "genrsa", "-traditional", "-out", "rsa1.key", "1024");
        String[] labels = { "EC PRIVATE KEY", "RSA PRIVATE KEY", "PRIVATE KEY" };
        byte[][] forms = { der(Files.readString(sec1)), der(Files.readString(rsa1)), der(Files.readString(certs.serverKey)) };
        SplittableRandom random = new SplittableRandom(11);
        int refused = 0;
        for (int i = 0; i < 3_000; i++) {
            int form = i % forms.length;
            byte[] damaged = forms[form].clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                damaged[random.nextInt(damaged.length)] ^= (byte) (1 + random.nextInt(255));
            }
            if (random.nextInt(4) == 0) {
                damaged = java.util.Arrays.copyOf(damaged, random.nextInt(damaged.length));
            }
            String pem = "-----BEGIN " + labels[form] + "-----\n" + Base64.getMimeEncoder().encodeToString(damaged)
                    + "\n-----END " + labels[form] + "-----\n";
            try {
                PemKey.read(pem);
            } catch (IllegalArgumentException e) {
                refused++;
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "a refusal says why");
            }
        }
        assertTrue(refused > 1_000, "most damage is seen: " + refused);
    }

    private static String refusal(String pem) {
        return assertThrows(IllegalArgumentException.class, () -> PemKey.read(pem)).getMessage();
    }

    private static byte[] der(String pem) {
        Matcher m = Pattern.compile("-----BEGIN ([A-Z ]*PRIVATE KEY)-----([^-]*)-----END").matcher(pem);
        assertTrue(m.find(), pem);
        return Base64.getMimeDecoder().decode(m.group(2));
    }
}
