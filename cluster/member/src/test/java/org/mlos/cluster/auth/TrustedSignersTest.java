package org.mlos.cluster.auth;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustedSignersTest {

    private static final String SHA = "a".repeat(64);

    private static KeyPair keyPair() throws GeneralSecurityException {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    private static String sign(KeyPair k, String sha256) throws GeneralSecurityException {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(k.getPrivate());
        s.update(TrustedSigners.signedContent(sha256));
        return Base64.getEncoder().encodeToString(s.sign());
    }

    @Test
    void aJarSignedByATrustedKeyPasses(@TempDir Path dir) throws Exception {
        KeyPair operator = keyPair();
        Path file = dir.resolve("trusted.pub");
        Files.writeString(file, "# the operator\n" + Base64.getEncoder().encodeToString(keyPair().getPublic().getEncoded())
                + "\n" + Base64.getEncoder().encodeToString(operator.getPublic().getEncoded()) + "\n");
        TrustedSigners.from(file.toString()).verify(SHA, sign(operator, SHA));
    }

    @Test
    void aTamperedJarIsRefused() throws Exception {
        KeyPair operator = keyPair();
        TrustedSigners trusted = TrustedSigners.of(List.of(operator.getPublic()));
        AuthException e = assertThrows(AuthException.class, () -> trusted.verify("b".repeat(64), sign(operator, SHA)));
        assertTrue(e.getMessage().contains("does not match this jar"), e.getMessage());
    }

    @Test
    void aJarSignedByAnUntrustedKeyIsRefused() throws Exception {
        TrustedSigners trusted = TrustedSigners.of(List.of(keyPair().getPublic()));
        assertThrows(AuthException.class, () -> trusted.verify(SHA, sign(keyPair(), SHA)));
    }

    @Test
    void anUnsignedOrGarbledSignatureIsRefused() throws Exception {
        TrustedSigners trusted = TrustedSigners.of(List.of(keyPair().getPublic()));
        AuthException e = assertThrows(AuthException.class, () -> trusted.verify(SHA, null));
        assertTrue(e.getMessage().contains("not signed"), e.getMessage());
        assertThrows(AuthException.class, () -> trusted.verify(SHA, "not base64!"));
        assertThrows(AuthException.class, () -> trusted.verify(SHA, Base64.getEncoder().encodeToString(new byte[64])));
    }

    @Test
    void aNodeThatTrustsNoKeyRefusesEverything() throws Exception {
        KeyPair operator = keyPair();
        AuthException e = assertThrows(AuthException.class, () -> TrustedSigners.from(null).verify(SHA, sign(operator, SHA)));
        assertTrue(e.getMessage().contains("trusts no rollout signing key"), e.getMessage());
    }
}
