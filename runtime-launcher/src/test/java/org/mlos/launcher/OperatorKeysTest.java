package org.mlos.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorKeysTest {

    @Test
    void theSecretAndTheSigningKeyAreOwnerOnlyAndNeverReplaced(@TempDir Path home) throws Exception {
        OperatorKeys keys = new OperatorKeys(home.resolve("mlos")).ensure();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("mlos"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.secret())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.privateKey())));
        String secret = Files.readString(keys.secret()).strip();
        assertTrue(secret.matches("[0-9a-f]{64}"), secret);
        String pub = Files.readString(keys.publicKey());
        keys.ensure();
        assertEquals(secret, Files.readString(keys.secret()).strip());
        assertEquals(pub, Files.readString(keys.publicKey()));
    }

    @Test
    void aSignatureVerifiesUnderThePublicKeyOverTheJarsHash(@TempDir Path home) throws Exception {
        OperatorKeys keys = new OperatorKeys(home).ensure();
        byte[] jar = "a jar".getBytes(StandardCharsets.UTF_8);
        Signature v = Signature.getInstance("Ed25519");
        v.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(
                new X509EncodedKeySpec(Base64.getDecoder().decode(Files.readString(keys.publicKey()).strip()))));
        v.update(("mlos-rollout-v1\n" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar)))
                .getBytes(StandardCharsets.US_ASCII));
        assertTrue(v.verify(Base64.getDecoder().decode(keys.sign(jar))));
    }
}
