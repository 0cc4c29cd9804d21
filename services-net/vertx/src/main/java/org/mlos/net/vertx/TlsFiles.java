package org.mlos.net.vertx;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;

import org.mlos.net.api.TlsFileRefused;
import org.mlos.net.api.TlsFileRefused.Part;
import org.mlos.net.api.TlsSettings;

import io.vertx.core.Vertx;

/**
 * The PEM files of {@link TlsSettings} read and checked before a server takes them, as OpenSSL
 * checks them for memcached: each file holds what it should, and the key is the certificate's.
 * Vert.x alone would take a key that does not match and fail every handshake after.
 */
final class TlsFiles {

    private static final Pattern CERTIFICATE = Pattern.compile(
            "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]*?)-----END CERTIFICATE-----");
    /** Key types a certificate's key may have, as {@link X509KeyManager#getServerAliases} names them. */
    private static final String[] KEY_TYPES = { "RSA", "EC", "EdDSA", "Ed25519", "Ed448", "RSASSA-PSS", "DSA" };

    /** OpenSSL's words, which memcached prints. */
    private static final String MISMATCH = "key values mismatch";

    private TlsFiles() {
    }

    /**
     * The server's keys, read from the files of {@code tls}; throws, naming the file and why,
     * unless every file is usable.
     */
    static KeyManagerFactory check(Vertx vertx, TlsSettings tls) throws TlsFileRefused {
        certificates(Part.CERT_CHAIN, tls.certChain());
        Path key = ServerTls.keyFile(tls);
        String pem = read(Part.KEY, key);
        if (!pem.contains("PRIVATE KEY-----")) {
            throw new TlsFileRefused(Part.KEY, key, "no PEM private key in it (-----BEGIN PRIVATE KEY-----)", null);
        }
        if (pem.contains("ENCRYPTED")) {
            throw new TlsFileRefused(Part.KEY, key, "the key is encrypted; give it unencrypted"
                    + " (openssl pkey -in <file> -out <new file>), readable by this user only", null);
        }
        KeyManagerFactory keys = keys(vertx, tls, key);
        matching(x509(keys, key), key);
        if (tls.caCerts() != null) {
            certificates(Part.CA_CERTS, tls.caCerts());
        }
        return keys;
    }

    /** The certificates in {@code file}, PEM, at least one. */
    private static List<Certificate> certificates(Part part, Path file) throws TlsFileRefused {
        Matcher m = CERTIFICATE.matcher(read(part, file));
        List<Certificate> out = new ArrayList<>();
        try {
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            while (m.find()) {
                byte[] der = Base64.getMimeDecoder().decode(m.group(1));
                out.add(x509.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new TlsFileRefused(part, file, "not a valid certificate: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new TlsFileRefused(part, file, "no PEM certificate in it (-----BEGIN CERTIFICATE-----)", null);
        }
        return out;
    }

    private static KeyManagerFactory keys(Vertx vertx, TlsSettings tls, Path key) throws TlsFileRefused {
        try {
            return ServerTls.keyCert(tls).getKeyManagerFactory(vertx);
        } catch (IllegalArgumentException e) { // the key store's check: an EC key for an RSA certificate, say
            throw new TlsFileRefused(Part.KEY, key, MISMATCH + " (" + e.getMessage() + ")", e);
        } catch (Exception e) { // Vert.x declares Exception: a PEM block it cannot decode, mostly
            throw new TlsFileRefused(Part.KEY, key, "not a key the JDK reads: " + e, e);
        }
    }

    private static X509KeyManager x509(KeyManagerFactory keys, Path key) throws TlsFileRefused {
        for (KeyManager m : keys.getKeyManagers()) {
            if (m instanceof X509KeyManager x509) {
                return x509;
            }
        }
        throw new TlsFileRefused(Part.KEY, key, "no key read from it", null);
    }

    /** The key signs, the certificate's public key checks the signature: OpenSSL's "key values mismatch" otherwise. */
    private static void matching(X509KeyManager manager, Path keyFile) throws TlsFileRefused {
        boolean found = false;
        for (String type : KEY_TYPES) {
            String[] aliases = manager.getServerAliases(type, null);
            for (String alias : aliases == null ? new String[0] : aliases) {
                PrivateKey key = manager.getPrivateKey(alias);
                Certificate[] chain = manager.getCertificateChain(alias);
                if (key == null || chain == null || chain.length == 0) {
                    continue;
                }
                found = true;
                if (!signs(key, chain[0].getPublicKey())) {
                    throw new TlsFileRefused(Part.KEY, keyFile, MISMATCH + " (the key is not the one of the"
                            + " certificate chain's first certificate)", null);
                }
            }
        }
        if (!found) {
            throw new TlsFileRefused(Part.KEY, keyFile, "no key of a type TLS serves with (RSA, EC, EdDSA) in it", null);
        }
    }

    private static boolean signs(PrivateKey key, PublicKey certified) {
        byte[] nonce = new byte[32];
        new SecureRandom().nextBytes(nonce);
        try {
            Signature signing = signature(key.getAlgorithm());
            signing.initSign(key);
            signing.update(nonce);
            byte[] signed = signing.sign();
            Signature checking = signature(key.getAlgorithm());
            checking.initVerify(certified);
            checking.update(nonce);
            return checking.verify(signed);
        } catch (GeneralSecurityException e) { // a key of one type, a certificate of another
            return false;
        }
    }

    private static Signature signature(String keyAlgorithm) throws GeneralSecurityException {
        return switch (keyAlgorithm) {
            case "RSA" -> Signature.getInstance("SHA256withRSA");
            case "EC" -> Signature.getInstance("SHA256withECDSA");
            case "DSA" -> Signature.getInstance("SHA256withDSA");
            case "RSASSA-PSS" -> {
                Signature pss = Signature.getInstance("RSASSA-PSS");
                pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                yield pss;
            }
            default -> Signature.getInstance(keyAlgorithm); // EdDSA, Ed25519, Ed448 name their own
        };
    }

    private static String read(Part part, Path file) throws TlsFileRefused {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new TlsFileRefused(part, file, "No such file or directory", e);
        } catch (IOException e) {
            throw new TlsFileRefused(part, file, String.valueOf(e.getMessage()), e);
        }
    }
}
