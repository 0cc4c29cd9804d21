package org.mlos.core.processor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kind method named like the handle's mediated path ({@code add$m}) or its members
 * ({@code mlos$...}) made a direct call look mediated to the drain. The processor refuses them.
 */
class ReservedMethodNamesTest {

    @TempDir
    Path out;

    private List<String> compile(String source) throws Exception {
        return KindCompiler.errors(out, source, true);
    }

    @Test
    void mediatedPathNamesAreRefused() throws Exception {
        List<String> errors = compile("package demo; @org.mlos.core.api.Kind public interface Demo {"
                + " long add(String k); long add$m(String k); }");
        assertTrue(errors.stream().anyMatch(e -> e.contains("add$m") && e.contains("reserved")), errors.toString());
    }

    @Test
    void handleMemberNamesAreRefused() throws Exception {
        List<String> errors = compile("package demo; @org.mlos.core.api.Kind public interface Demo {"
                + " void mlos$direct(Object o); }");
        assertTrue(errors.stream().anyMatch(e -> e.contains("mlos$direct") && e.contains("reserved")), errors.toString());
    }

    @Test
    void ordinaryNamesCompile() throws Exception {
        List<String> errors = compile("package demo; @org.mlos.core.api.Kind public interface Demo {"
                + " long add(String k); long m$(String k); }");
        assertFalse(errors.stream().anyMatch(e -> e.contains("reserved")), errors.toString());
        assertTrue(errors.isEmpty(), errors.toString());
    }
}
