package org.mlos.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;

import org.mlos.cluster.api.ClusterProperties;

/**
 * The operator's cluster credentials, in the user's config folder ({@code $XDG_CONFIG_HOME/mlos},
 * else {@code ~/.config/mlos}; the folder 0700): {@code cluster.secret} (0600: 32 random bytes in
 * hex, what nodes authenticate each other's messages with), {@code rollout.key} (0600: the
 * Ed25519 private key {@code mlos rollout} signs bundles with, PKCS#8 in base64) and
 * {@code rollout.pub} (its public key, X.509 in base64: the file nodes trust).
 * {@code mlos cluster up} creates what is missing; nothing here overwrites a file.
 */
public final class OperatorKeys {

    /** The node-side framework properties these files feed. */
    public static final String SECRET_PROPERTY = ClusterProperties.SECRET_FILE;
    public static final String TRUSTED_PROPERTY = ClusterProperties.ROLLOUT_TRUSTED;

    private final Path dir;

    public OperatorKeys(Path dir) {
        this.dir = dir;
    }

    /** The current user's. */
    public static OperatorKeys user() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return new OperatorKeys(base.resolve("mlos"));
    }

    public Path secret() {
        return dir.resolve("cluster.secret");
    }

    public Path privateKey() {
        return dir.resolve("rollout.key");
    }

    public Path publicKey() {
        return dir.resolve("rollout.pub");
    }

    /** The bearer token a Prometheus scraper presents to a node started with --metrics (0600). */
    public Path metricsToken() {
        return dir.resolve("metrics.token");
    }

    /** Creates the metrics token where it is missing; returns its file. */
    public Path ensureMetricsToken() throws IOException {
        return ensureToken(metricsToken());
    }

    /** The bearer token HTTP clients present to a node's hosted bridge front (0600). */
    public Path bridgeToken() {
        return dir.resolve("bridge.token");
    }

    /** Creates the bridge token where it is missing; returns its file. */
    public Path ensureBridgeToken() throws IOException {
        return ensureToken(bridgeToken());
    }

    /** 32 random bytes in hex, 0600, unless the file is there already (another node's, say). */
    private Path ensureToken(Path file) throws IOException {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        if (!Files.exists(file)) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            writePrivate(file, HexFormat.of().formatHex(random));
        }
        return file;
    }

    /** Creates the secret and the key pair where they are missing. */
    public OperatorKeys ensure() throws IOException {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        if (!Files.exists(secret())) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            writePrivate(secret(), HexFormat.of().formatHex(random));
        }
        if (!Files.exists(privateKey())) {
            KeyPair pair;
            try {
                pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JDK cannot make Ed25519 keys", e);
            }
            writePrivate(privateKey(), Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
            Files.writeString(publicKey(), Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n");
        }
        return this;
    }

    /**
     * The signature nodes check before installing a rolled-out jar: Ed25519 over
     * {@code "mlos-rollout-v1\n" + <the jar's SHA-256 in hex>}, in base64.
     */
    public String sign(byte[] jar) throws IOException {
        return sign(privateKey(), jar);
    }

    /** {@link #sign(byte[])} with the private key in {@code keyFile}, in any form {@link RolloutKeyFile} reads. */
    public static String sign(Path keyFile, byte[] jar) throws IOException {
        if (!Files.isRegularFile(keyFile)) {
            throw new IOException("no rollout signing key at " + keyFile + "; 'mlos cluster up' creates one");
        }
        PrivateKey key = RolloutKeyFile.read(keyFile);
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar));
            s.update(("mlos-rollout-v1\n" + sha).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot sign with " + keyFile + ": " + e, e);
        }
    }

    /**
     * Created readable by its owner only from the start, so that it is never readable by others,
     * even briefly, and whole when it appears: it is written under a name of its own, then linked
     * to its name (which fails where another node made it meanwhile; theirs stands). Two nodes
     * started at once on a fresh machine read the same token, never an empty file.
     */
    private static void writePrivate(Path file, String text) throws IOException {
        Path partial = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".partial",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(partial, text + "\n", StandardCharsets.US_ASCII);
            Files.createLink(file, partial);
        } catch (FileAlreadyExistsException e) {
            // another node made it first: use theirs
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
