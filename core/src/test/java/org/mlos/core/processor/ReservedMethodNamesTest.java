package org.mlos.core.processor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

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
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///demo/Demo.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        Files.createDirectories(out);
        JavaCompiler.CompilationTask task = javac.getTask(null, null, diagnostics,
                List.of("-d", out.toString(), "-proc:full", "-classpath", System.getProperty("java.class.path")),
                null, List.of(file));
        task.setProcessors(List.of(new KindProcessor()));
        task.call();
        return diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> d.getMessage(null)).collect(Collectors.toList());
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
