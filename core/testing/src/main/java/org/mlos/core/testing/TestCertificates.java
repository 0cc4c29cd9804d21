package org.mlos.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Certificates for TLS tests, made by the {@code openssl} tool as an operator makes them: a CA,
 * a server certificate for {@code localhost} and a client certificate it signed (PEM, the keys
 * unencrypted, as memcached's {@code -Z} reads them; the client's also as PKCS#12 for JSSE), and
 * a client certificate no CA of the test signed. Without {@code openssl} a test is skipped, or
 * fails when the environment variable CI is set (CI installs it).
 */
public final class TestCertificates {

    private static final String PASSWORD = "test";

    public final Path ca;
    public final Path serverCert;
    public final Path serverKey;
    public final Path clientP12;
    /** The client's certificate and key as PEM, for OpenSSL's clients ({@code openssl s_client -cert -key}). */
    public final Path clientCert;
    public final Path clientKey;
    public final Path rogueP12;
    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
        this.ca = dir.resolve("ca.pem");
        this.serverCert = dir.resolve("server.pem");
        this.serverKey = dir.resolve("server.key");
        this.clientP12 = dir.resolve("client.p12");
        this.clientCert = dir.resolve("client.pem");
        this.clientKey = dir.resolve("client.key");
        this.rogueP12 = dir.resolve("rogue.p12");
    }

    /** Makes them in {@code dir}: a few hundred milliseconds of {@code openssl}. */
    public static TestCertificates make(Path dir) throws IOException, InterruptedException {
        String tool = openssl();
        TestCertificates c = new TestCertificates(dir);
        c.run(tool, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key",
                "-out", "ca.pem", "-days", "2", "-subj", "/CN=mlos test CA");
        c.signed(tool, "server", "localhost");
        c.signed(tool, "client", "mlos test client");
        c.run(tool, "pkcs12", "-export", "-in", "client.pem", "-inkey", "client.key", "-out", "client.p12", "-passout",
                "pass:" + PASSWORD);
        c.run(tool, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "rogue.key",
                "-out", "rogue.pem", "-days", "2", "-subj", "/CN=rogue client");
        c.run(tool, "pkcs12", "-export", "-in", "rogue.pem", "-inkey", "rogue.key", "-out", "rogue.p12", "-passout",
                "pass:" + PASSWORD);
        return c;
    }

    /**
     * A new server certificate and key for {@code localhost}, signed by the CA, with subject CN
     * {@code name}, written over {@link #serverCert} and {@link #serverKey} (a certificate
     * renewed in place, as an operator's renewal job does).
     */
    public void renewServer(String name) throws IOException, InterruptedException {
        signed(openssl(), "server", name);
    }

    /** As {@link #renewServer(String)}, with an RSA key of 2048 bits instead of an EC one. */
    public void renewServerRsa(String name) throws IOException, InterruptedException {
        signed(openssl(), "server", name, "rsa", "rsa_keygen_bits:2048");
    }

    /**
     * The server key written again by {@code openssl pkey} with {@code options} (say
     * {@code -traditional}, or {@code -aes256 -passout pass:x}), in a file {@code name}.
     */
    public Path serverKeyAs(String name, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(openssl(), "pkey", "-in", serverKey.toString(), "-out", name));
        command.addAll(List.of(options));
        run(command.toArray(String[]::new));
        return dir.resolve(name);
    }

    /**
     * Runs {@code openssl} with {@code arguments} in the certificates' directory (where
     * {@code ca.pem} and {@code ca.key} are, to sign with) and returns the path of its
     * {@code output} there: keys and certificates of kinds this class does not make.
     */
    public Path openssl(String output, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(openssl()));
        command.addAll(List.of(arguments));
        run(command.toArray(String[]::new));
        return dir.resolve(output);
    }

    private void signed(String tool, String name, String subject) throws IOException, InterruptedException {
        signed(tool, name, subject, "ec", "ec_paramgen_curve:P-256");
    }

    private void signed(String tool, String name, String subject, String algorithm, String parameter)
            throws IOException, InterruptedException {
        run(tool, "req", "-newkey", algorithm, "-pkeyopt", parameter, "-nodes", "-keyout", name + ".key", "-out",
                name + ".csr", "-subj", "/CN=" + subject);
        run(tool, "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out",
                name + ".pem", "-days", "2");
    }

    /**
     * A client's TLS context: it trusts the test CA, presents {@code clientCert} (a PKCS#12 file of
     * this class, or null for none).
     */
    public SSLContext clientContext(Path clientCert) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(ca)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = null;
        if (clientCert != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(clientCert)) {
                keys.load(in, PASSWORD.toCharArray());
            }
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, PASSWORD.toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    /** The subject of the server certificate now in {@link #serverCert}. */
    public String serverSubject() throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(serverCert)) {
            return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in))
                    .getSubjectX500Principal().getName();
        }
    }

    private void run(String... command) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of(command));
        Process p = new ProcessBuilder(all).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    private static String openssl() {
        for (String d : (System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/local/bin").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "openssl"))) {
                return Path.of(d, "openssl").toString();
            }
        }
        String why = "openssl not found: install it (apt-get install -y openssl)";
        if (System.getenv("CI") != null || Boolean.getBoolean("mlos.require.tools")) {
            Assertions.fail(why);
        }
        Assumptions.abort(why);
        return null;
    }
}
