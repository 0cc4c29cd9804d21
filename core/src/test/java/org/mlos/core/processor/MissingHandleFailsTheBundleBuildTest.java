package org.mlos.core.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlos.core.processor.bnd.KindHandleVerifier;

import aQute.bnd.osgi.Builder;

/**
 * Javac 23+ silently skips processors found on the class path, so a kind compiled without
 * {@code -proc:full} got no handle, and its build succeeded. With {@link KindHandleVerifier} in
 * the bnd configuration the build of that bundle fails, naming the kind and the fix.
 */
class MissingHandleFailsTheBundleBuildTest {

    private static final String KIND = "package demo; @org.mlos.core.api.Kind public interface Demo { long add(String k); }";

    @TempDir
    Path dir;

    private List<String> bndErrors(boolean processor, boolean verifier) throws Exception {
        Path classes = Files.createDirectories(dir.resolve(processor + "-" + verifier));
        List<String> javac = KindCompiler.errors(classes, KIND, processor);
        assertEquals(List.of(), javac, "javac compiles the kind either way: it says nothing when no processor runs");
        try (Builder b = new Builder()) {
            b.setProperty("Bundle-SymbolicName", "demo");
            b.setProperty("-exportcontents", "demo");
            b.setProperty("-includepackage", "demo");
            if (verifier) {
                b.setProperty("-plugin.mlos", KindHandleVerifier.class.getName());
            }
            b.addClasspath(classes.toFile());
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                b.addClasspath(new File(entry));
            }
            b.build();
            return b.getErrors();
        }
    }

    @Test
    void aKindCompiledWithoutTheProcessorFailsTheBuildNamingTheKindAndTheFix() throws Exception {
        List<String> errors = bndErrors(false, true);
        assertEquals(1, errors.size(), errors.toString());
        String error = errors.get(0);
        assertTrue(error.contains("kind demo.Demo has no handle"), error);
        assertTrue(error.contains("-proc:full") && error.contains("annotationProcessorPaths"), error);
    }

    @Test
    void aKindCompiledWithTheProcessorBuildsCleanWithTheCheck() throws Exception {
        assertEquals(List.of(), bndErrors(true, true));
    }

    @Test
    void withoutTheCheckBndBuildsTheBrokenBundle() throws Exception {
        assertEquals(List.of(), bndErrors(false, false), "what the check is for: bnd alone sees nothing wrong");
    }
}
