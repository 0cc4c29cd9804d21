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
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.mlos.net.api.TlsFileRefused;
import org.mlos.net.api.TlsFileRefused.Part;
import org.mlos.net.api.TlsSettings;

/**
 * The PEM files of {@link TlsSettings} read and checked before a server takes them, as OpenSSL
 * checks them for memcached: each file holds what it should, and the key is the certificate's.
 * A TLS library given a key that is not the certificate's takes it and fails every handshake after.
 */
final class TlsFiles {

    private static final Pattern CERTIFICATE = Pattern.compile(
            "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]*?)-----END CERTIFICATE-----");
    /** OpenSSL's words, which memcached prints. */
    private static final String MISMATCH = "key values mismatch";

    private TlsFiles() {
    }

    /**
     * The server's keys, read from the files of {@code tls}; throws, naming the file and why,
     * unless every file is usable.
     */
    static OneKeyManager check(TlsSettings tls) throws TlsFileRefused {
        List<X509Certificate> chain = certificates(Part.CERT_CHAIN, tls.certChain());
        Path keyFile = ServerTls.keyFile(tls);
        String pem = read(Part.KEY, keyFile);
        if (pem.contains("ENCRYPTED")) {
            throw new TlsFileRefused(Part.KEY, keyFile, "the key is encrypted; give it unencrypted"
                    + " (openssl pkey -in <file> -out <new file>), readable by this user only", null);
        }
        PrivateKey key;
        try {
            key = PemKey.read(pem);
        } catch (IllegalArgumentException e) {
            throw new TlsFileRefused(Part.KEY, keyFile, e.getMessage(), e);
        }
        if (!signs(key, chain.get(0).getPublicKey())) {
            throw new TlsFileRefused(Part.KEY, keyFile, MISMATCH + " (the key is not the one of the"
                    + " certificate chain's first certificate)", null);
        }
        if (tls.caCerts() != null) {
            certificates(Part.CA_CERTS, tls.caCerts());
        }
        return new OneKeyManager(key, chain.toArray(X509Certificate[]::new));
    }

    /** The certificates in {@code file}, PEM, at least one. */
    private static List<X509Certificate> certificates(Part part, Path file) throws TlsFileRefused {
        Matcher m = CERTIFICATE.matcher(read(part, file));
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            while (m.find()) {
                byte[] der = Base64.getMimeDecoder().decode(m.group(1));
                out.add((X509Certificate) x509.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new TlsFileRefused(part, file, "not a valid certificate: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new TlsFileRefused(part, file, "no PEM certificate in it (-----BEGIN CERTIFICATE-----)", null);
        }
        return out;
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
            default -> Signature.getInstance(keyAlgorithm); // EdDSA names its own (PemKey reads no other)
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
