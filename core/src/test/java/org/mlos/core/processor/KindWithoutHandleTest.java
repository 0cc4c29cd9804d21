package org.mlos.core.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import aQute.bnd.osgi.Builder;
import aQute.bnd.osgi.Jar;

/**
 * A kind compiled without the processor (javac 23+ without {@code -proc:full}) had no handle and
 * failed only when a node looked for it. Now its bundle requires {@code mlos.handle=<kind>}, which
 * only a handle the processor wrote provides: without it the bundle does not resolve, and the
 * framework's message names the kind.
 */
class KindWithoutHandleTest {

    private static final String KIND = "package demo; @org.mlos.core.api.Kind public interface Demo { long add(String k); }";

    @TempDir
    Path dir;

    private Manifest bundle(boolean processor) throws Exception {
        Path classes = Files.createDirectories(dir.resolve(processor ? "with" : "without"));
        List<String> errors = KindCompiler.errors(classes, KIND, processor);
        assertTrue(errors.isEmpty(), () -> "compiles: " + errors);
        try (Builder b = new Builder()) {
            b.setProperty("Bundle-SymbolicName", "demo");
            b.setProperty("-exportcontents", "demo");
            b.setProperty("-includepackage", "demo");
            b.addClasspath(classes.toFile());
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                b.addClasspath(new File(entry)); // core's classes: Kind and KindHandle and their meta-annotations
            }
            Jar jar = b.build();
            assertTrue(b.getErrors().isEmpty(), () -> "bnd: " + b.getErrors());
            return jar.getManifest();
        }
    }

    @Test
    void withoutTheProcessorTheBundleRequiresAHandleNobodyProvides() throws Exception {
        Manifest m = bundle(false);
        String required = m.getMainAttributes().getValue("Require-Capability");
        assertTrue(required != null && required.contains("mlos.handle;filter:=\"(mlos.handle=demo.Demo)\""), required);
        assertNull(m.getMainAttributes().getValue("Provide-Capability"));
    }

    @Test
    void withTheProcessorTheHandleProvidesWhatTheKindRequires() throws Exception {
        Manifest m = bundle(true);
        assertTrue(m.getMainAttributes().getValue("Require-Capability").contains("(mlos.handle=demo.Demo)"));
        assertEquals("mlos.handle;mlos.handle=\"demo.Demo\"", m.getMainAttributes().getValue("Provide-Capability"));
    }
}
