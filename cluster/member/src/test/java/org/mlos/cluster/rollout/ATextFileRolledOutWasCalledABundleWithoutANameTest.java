package org.mlos.cluster.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;

/**
 * {@code mlos rollout notes.txt} answered "not an OSGi bundle: the jar's manifest has no
 * Bundle-SymbolicName", as if the file were a jar: a file with no manifest is now told as not a
 * bundle jar at all; a jar whose manifest lacks the name still says so.
 */
class ATextFileRolledOutWasCalledABundleWithoutANameTest {

    @Test
    void aFileWithoutAManifestIsNoBundleJar() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BundleJar.of("just some notes\n".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith("not a bundle jar: it has no manifest"), e.getMessage());
    }

    @Test
    void aJarWithoutASymbolicNameIsNoOsgiBundle() throws Exception {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        ByteArrayOutputStream jar = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(jar, m)) {
            out.flush();
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BundleJar.of(jar.toByteArray()));
        assertEquals("not an OSGi bundle: the jar's manifest has no Bundle-SymbolicName", e.getMessage());
    }
}
