package org.mlos.cluster.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.mlos.cluster.api.ClusterProperties;

/**
 * The keys whose signatures a node accepts on rolled-out bundles (Ed25519, from the JDK). The
 * framework property {@value #PROPERTY} names a file with one public key per line (X.509, base64;
 * {@code #} starts a comment); {@code mlos rollout} signs with the operator's private key. What is
 * signed is {@code "mlos-rollout-v1\n" + <the jar's SHA-256 in hex>}: the hash ties the signature
 * to the exact bytes, the prefix keeps it from meaning anything else.
 */
public final class TrustedSigners {

    public static final String PROPERTY = ClusterProperties.ROLLOUT_TRUSTED;
    private static final String DOMAIN = "mlos-rollout-v1\n";

    private final List<PublicKey> keys;
    private final String source;

    private TrustedSigners(List<PublicKey> keys, String source) {
        this.keys = List.copyOf(keys);
        this.source = source;
    }

    /** The keys in {@code file}, or no keys (every rollout refused) when file is null or blank. */
    public static TrustedSigners from(String file) {
        if (file == null || file.isBlank()) {
            return new TrustedSigners(List.of(), null);
        }
        List<PublicKey> keys = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of(file), StandardCharsets.UTF_8)) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    keys.add(publicKey(t));
                }
            }
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read the trusted rollout keys in " + file + " (" + PROPERTY + "): " + e, e);
        }
        return new TrustedSigners(keys, file);
    }

    public static TrustedSigners of(List<PublicKey> keys) {
        return new TrustedSigners(keys, "(given)");
    }

    public static PublicKey publicKey(String base64) throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    /** What the operator signs for a jar of this SHA-256. */
    public static byte[] signedContent(String sha256) {
        return (DOMAIN + sha256).getBytes(StandardCharsets.US_ASCII);
    }

    /** Passes if a trusted key signed the jar of this SHA-256; else says why not. */
    public void verify(String sha256, String signatureBase64) throws AuthException {
        if (keys.isEmpty()) {
            throw new AuthException("this node trusts no rollout signing key (set " + PROPERTY
                    + " to a file of public keys); not installing anything");
        }
        if (signatureBase64 == null || signatureBase64.isBlank()) {
            throw new AuthException("the bundle is not signed; this node installs only bundles signed by a key in " + source);
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(signatureBase64);
        } catch (IllegalArgumentException e) {
            throw new AuthException("the signature is not base64");
        }
        for (PublicKey k : keys) {
            try {
                Signature v = Signature.getInstance("Ed25519");
                v.initVerify(k);
                v.update(signedContent(sha256));
                if (v.verify(signature)) {
                    return;
                }
            } catch (GeneralSecurityException e) {
                // a malformed signature is one no key made: the refusal below says so
            }
        }
        throw new AuthException("the signature does not match this jar (SHA-256 " + sha256
                + ") under any key in " + source + ": tampered with, or signed by a key this node does not trust");
    }
}
