package org.mlos.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An outsider's trial: {@code mlos rollout --key other.pem}, a key from {@code openssl genpkey
 * -algorithm ed25519}, failed on "IllegalArgumentException: Illegal base64 character 2d": only
 * PKCS#8 in base64 on one line was read. PEM and DER are read too; anything else is refused naming
 * the file and the forms taken. And README's openssl recipe for a {@code <jar>.sig} (what the Gogo
 * shell's mlos:rollout reads) gives the signature mlos rollout sends.
 */
class ARolloutKeyFromOpensslFailedOnIllegalBase64Test {

    @TempDir
    Path dir;

    private final byte[] jar = "a bundle jar".getBytes(StandardCharsets.UTF_8);
    private final KeyPair pair = pair();

    private static KeyPair pair() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + label + "-----\n";
    }

    private boolean verifies(String signature) throws Exception {
        Signature v = Signature.getInstance("Ed25519");
        v.initVerify(pair.getPublic());
        v.update(("mlos-rollout-v1\n" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar)))
                .getBytes(StandardCharsets.US_ASCII));
        return v.verify(Base64.getDecoder().decode(signature));
    }

    @Test
    void aPemADerAndTheBase64FormAllSignAlike() throws Exception {
        byte[] der = pair.getPrivate().getEncoded();
        Path pem = Files.writeString(dir.resolve("other.pem"), pem("PRIVATE KEY", der));
        Path raw = Files.write(dir.resolve("other.der"), der);
        Path b64 = Files.writeString(dir.resolve("rollout.key"), Base64.getEncoder().encodeToString(der) + "\n");
        String signature = OperatorKeys.sign(b64, jar);
        assertTrue(verifies(signature));
        assertEquals(signature, OperatorKeys.sign(pem, jar)); // Ed25519 signs deterministically
        assertEquals(signature, OperatorKeys.sign(raw, jar));
    }

    @Test
    void anythingElseIsRefusedNamingTheFormsTaken() throws Exception {
        String taken = "--key takes an Ed25519 private key in PKCS#8: PEM (-----BEGIN PRIVATE KEY-----";
        Path encrypted = Files.writeString(dir.resolve("enc.pem"), pem("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3}));
        IOException e = assertThrows(IOException.class, () -> OperatorKeys.sign(encrypted, jar));
        assertTrue(e.getMessage().startsWith("cannot sign with " + encrypted + ": it is an encrypted key; write it"
                + " unencrypted first: openssl pkey -in enc.pem -out plain.pem; " + taken), e.getMessage());

        Path ssh = Files.writeString(dir.resolve("id_ed25519"), pem("OPENSSH PRIVATE KEY", new byte[] {1, 2, 3}));
        e = assertThrows(IOException.class, () -> OperatorKeys.sign(ssh, jar));
        assertTrue(e.getMessage().contains(": it is an OpenSSH key, which is no PKCS#8") && e.getMessage().contains(taken),
                e.getMessage());

        Path pub = Files.writeString(dir.resolve("pub.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        e = assertThrows(IOException.class, () -> OperatorKeys.sign(pub, jar));
        assertTrue(e.getMessage().contains(": it is a PEM 'PUBLIC KEY', not 'PRIVATE KEY'; " + taken), e.getMessage());

        Path text = Files.writeString(dir.resolve("notes.txt"), "not a key at all\n");
        e = assertThrows(IOException.class, () -> OperatorKeys.sign(text, jar));
        assertTrue(e.getMessage().contains(": it is neither PEM nor base64") && e.getMessage().contains(taken), e.getMessage());

        KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        Path rsaPem = Files.writeString(dir.resolve("rsa.pem"), pem("PRIVATE KEY", rsa.getPrivate().getEncoded()));
        e = assertThrows(IOException.class, () -> OperatorKeys.sign(rsaPem, jar));
        assertTrue(e.getMessage().contains(": it holds no Ed25519 private key") && e.getMessage().contains(taken),
                e.getMessage());
    }

    /** The recipes cluster/README gives, run as given, where openssl 3 is there to run them. */
    @Test
    void theReadmesOpensslRecipesMakeAKeyAndTheSignatureMlosRolloutSends() throws Exception {
        assumeTrue(run("openssl version") == 0, "no openssl here");
        Files.write(dir.resolve("bundle.jar"), jar);
        assertEquals(0, run("openssl genpkey -algorithm ed25519 -out other.pem"));
        assertEquals(0, run("printf 'mlos-rollout-v1\\n%s' \"$(sha256sum bundle.jar | cut -d' ' -f1)\" > signed.txt"
                + " && openssl pkeyutl -sign -rawin -inkey other.pem -in signed.txt | base64 -w0 > bundle.jar.sig"));
        assertEquals(0, run("openssl pkey -in other.pem -pubout -outform DER | base64 -w0 > trusted.pub"));
        String signature = Files.readString(dir.resolve("bundle.jar.sig")).strip();
        assertEquals(OperatorKeys.sign(dir.resolve("other.pem"), jar), signature);
        Signature v = Signature.getInstance("Ed25519");
        v.initVerify(java.security.KeyFactory.getInstance("Ed25519").generatePublic(new java.security.spec.X509EncodedKeySpec(
                Base64.getDecoder().decode(Files.readString(dir.resolve("trusted.pub")).strip()))));
        v.update(Files.readAllBytes(dir.resolve("signed.txt")));
        assertTrue(v.verify(Base64.getDecoder().decode(signature)));
    }

    private int run(String script) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", script).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("sh.out").toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), script);
        return p.exitValue();
    }
}
