package org.mlos.bench.memcached;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.mlos.bench.MissingTool;

/** The TLS of the {@code meta-tls} rows: one certificate for both servers, a client that trusts it. */
final class BenchTls {

    static final String KEY_WORDS = "an EC P-256 key, TLS 1.3, the JDK's client";

    record CertFiles(Path cert, Path key) {
    }

    private BenchTls() {
    }

    /** A self-signed certificate for localhost and its key, made by {@code openssl} in {@code dir}. */
    static CertFiles certificate(Path dir) throws IOException, InterruptedException {
        String openssl = Tools.find("openssl");
        if (openssl == null) {
            throw new MissingTool("openssl not found: the meta-tls rows make their certificate with it"
                    + " (sudo apt-get install -y openssl)");
        }
        CertFiles files = new CertFiles(dir.resolve("bench-cert.pem"), dir.resolve("bench-key.pem"));
        Process p = new ProcessBuilder(openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-keyout", files.key().toString(), "-out", files.cert().toString(), "-days", "2", "-subj",
                "/CN=localhost").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("openssl could not make the bench's certificate: " + out);
        }
        return files;
    }

    /** A client context that trusts {@code cert} alone. */
    static SSLContext trusting(Path cert) throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trust.setCertificateEntry("bench", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    /** {@code count} new connections in turn, each a full handshake and one {@code mn}; the seconds taken. */
    static double connections(int port, SSLContext client, int count) throws IOException {
        byte[] mn = "mn\r\n".getBytes(StandardCharsets.US_ASCII);
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
                s.setTcpNoDelay(true);
                s.setSoTimeout(10_000);
                s.getOutputStream().write(mn);
                s.getOutputStream().flush();
                byte[] reply = s.getInputStream().readNBytes(4);
                if (!new String(reply, StandardCharsets.US_ASCII).equals("MN\r\n")) {
                    throw new IOException("mn over TLS was answered '" + new String(reply, StandardCharsets.US_ASCII) + "'");
                }
                s.getSession().invalidate(); // the next connection makes a full handshake, as a new client does
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
