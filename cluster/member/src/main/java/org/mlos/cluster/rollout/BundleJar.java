package org.mlos.cluster.rollout;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

/** A bundle jar's identity: symbolic name, version and SHA-256, read from its bytes. */
record BundleJar(String symbolicName, String version, String sha256) {

    static BundleJar of(byte[] jar) {
        Manifest manifest;
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            manifest = in.getManifest();
        } catch (IOException e) {
            throw new IllegalArgumentException("not a jar: " + e.getMessage(), e);
        }
        if (manifest == null) {
            throw new IllegalArgumentException("not a bundle jar: it has no manifest (is it a jar at all? a bundle built"
                    + " by bnd or the maven-bundle-plugin opens with META-INF/MANIFEST.MF)");
        }
        if (manifest.getMainAttributes().getValue("Bundle-SymbolicName") == null) {
            throw new IllegalArgumentException("not an OSGi bundle: the jar's manifest has no Bundle-SymbolicName");
        }
        String bsn = manifest.getMainAttributes().getValue("Bundle-SymbolicName").split(";")[0].trim();
        String version = manifest.getMainAttributes().getValue("Bundle-Version");
        return new BundleJar(bsn, version == null ? "0.0.0" : version.trim(), sha256(jar));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
