package org.mlos.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A test cluster's own secret and rollout signing key (never the user's), in a temporary folder,
 * and the {@code --set} arguments that give them to a node.
 */
final class ClusterCredentials {

    private final Path secret;
    private final Path trusted;
    private final KeyPair operator;

    private ClusterCredentials(Path secret, Path trusted, KeyPair operator) {
        this.secret = secret;
        this.trusted = trusted;
        this.operator = operator;
    }

    static ClusterCredentials create() throws IOException, GeneralSecurityException {
        Path dir = Files.createTempDirectory("mlos-itest-keys-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        dir.toFile().deleteOnExit();
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        Path secret = Files.createFile(dir.resolve("cluster.secret"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(secret, HexFormat.of().formatHex(random) + "\n");
        secret.toFile().deleteOnExit();
        KeyPair operator = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path trusted = Files.writeString(dir.resolve("rollout.pub"),
                Base64.getEncoder().encodeToString(operator.getPublic().getEncoded()) + "\n");
        trusted.toFile().deleteOnExit();
        return new ClusterCredentials(secret, trusted, operator);
    }

    /**
     * The cluster name the nodes give Hazelcast for {@code mlos.cluster.name=configured}, computed as
     * the cluster README documents it (HKDF-SHA256 of the secret, salt {@code mlos-cluster-kdf-v1},
     * info {@code mlos hazelcast cluster name}, the first 8 bytes in hex): what a stranger who saw the
     * name on the wire presents.
     */
    String hazelcastClusterName(String configured) throws IOException, GeneralSecurityException {
        byte[] key = Files.readString(secret).trim().getBytes(StandardCharsets.UTF_8);
        byte[] prk = hmac("mlos-cluster-kdf-v1".getBytes(StandardCharsets.US_ASCII), key);
        byte[] okm = hmac(prk, "mlos hazelcast cluster name\u0001".getBytes(StandardCharsets.UTF_8));
        return configured + "-" + HexFormat.of().formatHex(okm, 0, 8);
    }

    private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    /** What a node of this cluster is started with. */
    List<String> nodeArgs() {
        return List.of("--set", "mlos.cluster.secret.file=" + secret, "--set", "mlos.cluster.rollout.trusted=" + trusted);
    }

    /**
     * The operator's private key in a file of its own (PKCS#8 in base64, owner-only), as
     * {@code mlos rollout --key} reads it.
     */
    Path privateKeyFile() throws IOException {
        Path file = Files.createTempFile(secret.getParent(), "rollout-", ".key",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        file.toFile().deleteOnExit();
        return Files.writeString(file, Base64.getEncoder().encodeToString(operator.getPrivate().getEncoded()) + "\n");
    }

    /** The operator's signature of a jar, as {@code mlos rollout} makes it. */
    String sign(Path jar) throws IOException, GeneralSecurityException {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(operator.getPrivate());
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
        s.update(("mlos-rollout-v1\n" + sha).getBytes(StandardCharsets.US_ASCII));
        return Base64.getEncoder().encodeToString(s.sign());
    }
}
